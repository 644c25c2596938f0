import BriefsHTTP
import Dispatch
import Foundation
import Logging
import Testing

@testable import BriefsServer

/// End-to-end tests against a real server on loopback, driven by a raw-socket client. Every wait is bounded.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerTests {
    @Test func startReturnsTheRealPort() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        #expect(test.port > 0)
        let client = try test.client()
        try client.send("GET /context HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.bodyText.hasPrefix("1-1 127.0.0.1:"))
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        for index in 1...3 {
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nb\(index)")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "POST /echo b\(index)")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        }
        #expect(test.server.openConnectionCount == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send(
            "GET /1 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "HEAD /3 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /4 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().bodyText == "ok /1")
        #expect(try client.readResponse().bodyText == "POST /echo abc")
        let head = try client.readResponse(method: "HEAD")
        #expect(head.header("Content-Length") == "5")  // the length of "ok /3", with no body sent
        let last = try client.readResponse()
        #expect(last.bodyText == "ok /4")
        #expect(last.header("Connection") == "close")
        #expect(try client.waitForClose())
    }

    @Test func expectContinueInvitesTheBody() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("hello")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "POST /echo hello")
    }

    @Test func handlerCanAskToClose() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /bye HTTP/1.1\r\nHost: t\r\n\r\nGET /never HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.headers.filter { $0.name == "Connection" }.map(\.value) == ["close"])
        #expect(try client.waitForClose())
    }

    @Test func statusThatCannotBeFinalBecomes500() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /interim HTTP/1.1\r\nHost: t\r\n\r\nGET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(try client.readResponse().bodyText == "ok /next")  // the connection stays usable
        #expect(test.observedStatuses == [500])
    }

    @Test func http10ClosesAfterTheResponse() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /old HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.bodyText == "ok /old")
        #expect(response.header("Connection") == "close")
        #expect(try client.waitForClose())
    }

    @Test func http10KeepAliveStaysOpen() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.header("Connection") == "keep-alive")
        try client.send("GET /b HTTP/1.0\r\n\r\n")
        #expect(try client.readResponse().bodyText == "ok /b")
        #expect(try client.waitForClose())
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: t\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "a", count: 1100) + "\r\n\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
    ])
    func malformedRequestsGetAProblemAndAClose(raw: String, status: Int) throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send(raw)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.header("Connection") == "close")
        #expect(response.bodyText.contains("\"status\":\(status)"))
        #expect(try client.waitForClose())
        #expect(test.observedStatuses == [status])
    }

    @Test func oversizedBodyIsRefusedBeforeItIsSent() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        // Over the 1024-byte limit: 413 comes instead of 100 Continue, and the body is never sent.
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\nExpect: 100-continue\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(try client.waitForClose())
        #expect(test.observedStatuses == [413])
    }

    @Test func bodyAtTheLimitIsAccepted() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        let body = String(repeating: "x", count: 1024)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + body)
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "POST /echo " + body)
    }

    @Test func connectionsOverTheLimitGet503() throws {
        var limits = TestServer.limits
        limits.maxConnections = 2
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let first = try test.client()
        let second = try test.client()
        for client in [first, second] {
            try client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let third = try test.client()
        let refused = try third.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect(refused.header("Retry-After") == "1")
        #expect(try third.waitForClose())
        third.close()
        #expect(test.observedStatuses == [503])

        // A slot frees when a connection closes.
        first.shutdownWrite()
        #expect(try first.waitForClose())
        #expect(test.eventually { test.server.openConnectionCount == 1 })  // the refused one is gone too
        let fourth = try test.client()
        try fourth.send("GET /y HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try fourth.readResponse().status == 200)
    }

    @Test func slowHeadGets408() throws {
        var limits = TestServer.limits
        limits.headerTimeout = .milliseconds(200)
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /slowly HTTP/1.1\r\nHo")
        let response = try client.readResponse()  // bounded by the client's 5 s deadline
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(try client.waitForClose())
        #expect(test.observedStatuses == [408])
    }

    @Test func idleConnectionIsClosedSilently() throws {
        var limits = TestServer.limits
        limits.idleTimeout = .milliseconds(200)
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(try client.waitForClose())
        #expect(test.observedStatuses.isEmpty)
        #expect(test.eventually { test.server.openConnectionCount == 0 })
    }

    @Test func peerClosingMidBodyIsAHangUp() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        client.shutdownWrite()
        #expect(try client.waitForClose())
        #expect(test.eventually { test.server.openConnectionCount == 0 })
        #expect(test.observedStatuses.isEmpty)
    }

    @Test func stalledBodyGets408() throws {
        var limits = TestServer.limits
        limits.idleTimeout = .milliseconds(200)
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(try client.waitForClose())
    }

    @Test func clientThatDoesNotReadIsThrottledThenServedInOrder() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        // 16 responses of 512 KiB: far more than the socket buffers hold while nobody reads.
        let count = 16
        try client.send(
            String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: count)
                + "GET /end HTTP/1.1\r\nHost: t\r\n\r\n")
        for _ in 0..<count {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == TestServer.bigBodyBytes)
        }
        #expect(try client.readResponse().bodyText == "ok /end")
    }

    @Test func shutdownFinishesTheRequestInFlight() throws {
        let test = try TestServer()
        let client = try test.client()
        try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(test.slowStarted.wait(timeout: .now() + 5) == .success)
        let idle = try test.client()
        try idle.send("GET /i HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)

        let finished = DispatchSemaphore(value: 0)
        let server = test.server
        DispatchQueue.global().async {
            server.shutdown()
            finished.signal()
        }
        // The idle connection is closed at once; the busy one is still being served.
        #expect(try idle.waitForClose())
        #expect(finished.wait(timeout: .now() + .milliseconds(50)) == .timedOut)
        test.releaseSlow.signal()
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "slow")
        #expect(response.header("Connection") == "close")
        #expect(try client.waitForClose())
        client.close()
        // Shutdown returns once the last connection is closed, well within the 3 s grace period.
        #expect(finished.wait(timeout: .now() + 2) == .success)
        #expect(server.openConnectionCount == 0)
        #expect(throws: TestClientError.self) { try TestClient(port: test.port) }
    }

    @Test func shutdownClosesAStuckConnectionAfterTheGracePeriod() throws {
        var limits = TestServer.limits
        limits.shutdownGracePeriod = .milliseconds(200)
        let test = try TestServer(limits: limits)
        let client = try test.client()
        try client.send("GET /partial HTTP/1.1\r\n")  // a head that never completes
        #expect(test.eventually { test.server.openConnectionCount == 1 })
        test.server.shutdown()  // returns after about 200 ms
        #expect(test.server.openConnectionCount == 0)
        #expect(try client.waitForClose())
    }
}

@Suite struct HTTPServerStartTests {
    @Test func startFailsOnAPortInUseAndCanBeRetried() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let second = HTTPServer(
            host: "127.0.0.1", port: test.port, logger: logger, handler: { _, _ in Response(status: 204) })
        #expect(throws: SocketError(call: "bind", errno: EADDRINUSE)) { try second.start() }
        // Still a bind error, not "already started".
        #expect(throws: SocketError(call: "bind", errno: EADDRINUSE)) { try second.start() }
        second.shutdown()
    }

    @Test func startTwiceIsRefused() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        #expect(throws: SocketError(call: "start", errno: EALREADY)) { try test.server.start() }
    }
}
