import BriefsHTTP
import Dispatch
import Logging
import Testing

@testable import BriefsServer

/// The edge-triggered event loop: hang-ups that arrive with the last bytes, and handlers that block a loop.
@Suite struct EventLoopTests {
    /// A request and the client's FIN can arrive behind one readiness edge; the EOF must still be seen after the
    /// response, or the connection would stay open until the idle timeout.
    @Test func requestFollowedAtOnceByHalfCloseIsAnsweredThenClosed() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let client = try test.client()
        try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        client.shutdownWrite()
        #expect(try client.readResponse().status == 200)
        #expect(try client.waitForClose())
        #expect(test.eventually { test.server.openConnectionCount == 0 })
    }

    /// A GET handler that blocks holds its loop thread; connections on the same loop must still be served (the
    /// watchdog adds a thread). One client per loop and one more guarantees that a loop is shared. Every client
    /// sends a first request before the test starts, so that later requests arrive as loop events (a connection's
    /// first read may run from Dispatch instead).
    @Test func blockedGetHandlerDoesNotStallTheOtherConnections() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let clients = try (0...max(2, EventLoop.shared.count)).map { _ in try test.client() }
        for client in clients {
            try client.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let slow = clients[0]
        try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(test.slowStarted.wait(timeout: .now() + 5) == .success)
        let started = ContinuousClock.now
        for (index, client) in clients.dropFirst().enumerated() {
            try client.send("GET /n\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
        }
        for client in clients.dropFirst() {
            #expect(try client.readResponse().status == 200)
        }
        // Well before the handler's own 5 s limit: the others were not waiting for it.
        #expect(ContinuousClock.now - started < .seconds(3))
        test.releaseSlow.signal()
        #expect(try slow.readResponse().bodyText == "slow")
    }

    /// With `mayBlock` true for every request, handlers run on the connection's work queue: pipelined requests are
    /// still answered in order, one at a time, and the connection then closes when asked.
    @Test func requestsOffTheLoopAreAnsweredInOrder() throws {
        let server = HTTPServer(
            host: "127.0.0.1", port: 0, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
            mayBlock: { _ in true }, handler: { request, _ in Response.text(200, request.path) })
        let port = try server.start().port
        defer { server.shutdown() }
        let client = try TestClient(port: port)
        try client.send(
            "GET /1 HTTP/1.1\r\nHost: t\r\n\r\nPOST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx"
                + "GET /3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().bodyText == "/1")
        #expect(try client.readResponse().bodyText == "/2")
        #expect(try client.readResponse().bodyText == "/3")
        #expect(try client.waitForClose())
    }

    /// The C layout of `struct epoll_event` written for `epoll_ctl` reads back the same.
    @Test func epollEventLayoutRoundTrips() {
        let event = EpollCalls.Event(events: EventLoop.input | EventLoop.edgeTriggered, data: 0x0102_0304_0506_0708)
        let copy = event.withBytes { EpollCalls.Event(at: $0) }
        #expect(copy.events == event.events)
        #expect(copy.data == event.data)
    }
}
