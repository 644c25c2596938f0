import Dispatch
import Foundation
import Synchronization
import Testing

@testable import BriefsServer

/// Clients that try to exhaust or confuse the server: slowloris, hordes of idle keep-alive connections, a flood past
/// `maxConnections` and request-smuggling attempts. Each test keeps a `LatencyProbe` asking `GET /healthz` meanwhile
/// and prints its figures. The bound asserted (`healthzBound`) is deliberately generous because the test machine is
/// shared; the goal (issue 6) is 100 ms, and the printed figures are what the README reports.
@Suite(.timeLimit(.minutes(1))) struct HostileClientTests {
    static let healthzBound = Duration.milliseconds(1000)

    private static func check(_ summary: LatencyProbe.Summary, _ label: String) {
        print("hostile.\(label): healthz \(summary)")
        #expect(summary.failures.isEmpty, "\(label): \(summary.failures.prefix(3))")
        #expect(summary.count > 0)
        #expect(summary.maximum < healthzBound, "\(label): \(summary)")
    }

    /// 50 connections each send one byte of a never-ending head every 100 ms for 2 s. With a 500 ms header timeout,
    /// every one is answered 408 and closed while `/healthz` on fresh connections keeps answering.
    @Test func slowlorisGets408WhileHealthzAnswers() throws {
        var limits = TestServer.limits
        limits.maxConnections = 200
        limits.headerTimeout = .milliseconds(500)
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let probe = LatencyProbe(port: test.port, reusesConnection: false)
        probe.start()

        let head = Array(("GET /slow-head HTTP/1.1\r\nHost: t\r\nX-Pad: " + String(repeating: "a", count: 200)).utf8)
        let clients = try (0..<50).map { _ in try test.client() }
        var answeredAt = [ContinuousClock.Instant?](repeating: nil, count: clients.count)
        let started = ContinuousClock.now
        var offset = 0
        while ContinuousClock.now - started < .seconds(2) {
            for (index, client) in clients.enumerated() where answeredAt[index] == nil {
                if client.hasBytesWaiting() {
                    answeredAt[index] = .now
                } else {
                    _ = client.trySend([head[offset % head.count]])
                }
            }
            offset += 1
            Thread.sleep(forTimeInterval: 0.1)
        }
        let summary = probe.stop()
        var statuses: [Int: Int] = [:]
        for client in clients {
            let status = (try? client.readResponse().status) ?? -1
            statuses[status, default: 0] += 1
        }
        let latest = answeredAt.compactMap { $0.map { started.duration(to: $0) } }.max() ?? .zero
        print("hostile.slowloris: \(clients.count) connections, statuses \(statuses), last answered after \(latest)")
        #expect(statuses == [408: clients.count])
        #expect(answeredAt.allSatisfy { $0 != nil })
        Self.check(summary, "slowloris")
    }

    /// The slowloris variant on the body: 50 connections announce a 1000-byte body and send a byte every 100 ms (never
    /// stalling for `idleTimeout`). Falling behind `minBodyBytesPerSecond` after `headerTimeout`, each gets 408.
    @Test func trickledBodiesGet408WhileHealthzAnswers() throws {
        var limits = TestServer.limits
        limits.maxConnections = 200
        limits.headerTimeout = .milliseconds(500)
        limits.idleTimeout = .seconds(30)
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let probe = LatencyProbe(port: test.port, reusesConnection: false)
        probe.start()
        let clients = try (0..<50).map { _ in
            let client = try test.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n")
            return client
        }
        var answered = [Bool](repeating: false, count: clients.count)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(2) {
            for (index, client) in clients.enumerated() where !answered[index] {
                if client.hasBytesWaiting() {
                    answered[index] = true
                } else {
                    _ = client.trySend([UInt8(ascii: "x")])
                }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let summary = probe.stop()
        var statuses: [Int: Int] = [:]
        for client in clients {
            statuses[(try? client.readResponse().status) ?? -1, default: 0] += 1
        }
        print("hostile.slow_body: \(clients.count) connections, statuses \(statuses)")
        #expect(statuses == [408: clients.count])
        Self.check(summary, "slow_body")
    }

    /// 800 keep-alive connections that made one request and went quiet stay open and cost nothing: `/healthz`
    /// still answers, and shutdown closes them all at once.
    @Test func manyIdleKeepAliveConnectionsDoNotSlowHealthz() throws {
        var limits = TestServer.limits
        limits.maxConnections = 1000
        let test = try TestServer(limits: limits)
        let idleCount = 800
        var clients: [TestClient] = []
        for index in 0..<idleCount {
            let client = try test.client()
            try client.send("GET /idle/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            clients.append(client)
        }
        #expect(test.server.openConnectionCount == idleCount)
        let probe = LatencyProbe(port: test.port, reusesConnection: false)
        probe.start()
        Thread.sleep(forTimeInterval: 1)
        let summary = probe.stop()
        print("hostile.idle: \(idleCount) idle keep-alive connections open")
        Self.check(summary, "idle")
        let shutdownStarted = ContinuousClock.now
        test.server.shutdown()
        let shutdownTook = ContinuousClock.now - shutdownStarted
        print("hostile.idle: shutdown closed them in \(shutdownTook)")
        #expect(test.server.openConnectionCount == 0)
        #expect(shutdownTook < .seconds(2))  // well under the 3 s grace: idle ones close at once
        #expect(try clients[0].waitForClose())
    }

    /// With every slot taken, 200 more connections (from 4 threads at once) are each told 503 and closed, while the
    /// probe's own keep-alive connection (it took a slot first) keeps being served.
    @Test func floodPastMaxConnectionsGets503AndClose() throws {
        var limits = TestServer.limits
        limits.maxConnections = 20
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        let probe = LatencyProbe(port: test.port, reusesConnection: true)
        probe.start()
        let holders = try (0..<(limits.maxConnections - 1)).map { index in
            let client = try test.client()
            try client.send("GET /hold/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            return client
        }
        let outcomes = Mutex<[String: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<50 {
                let outcome: String
                do {
                    let client = try test.client()
                    let response = try client.readResponse()
                    let closed = try client.waitForClose()
                    outcome = "\(response.status) \(response.header("Retry-After") ?? "-") closed=\(closed)"
                } catch {
                    outcome = "error \(error)"
                }
                outcomes.withLock { $0[outcome, default: 0] += 1 }
            }
        }
        // Every refused connection is gone; the slots are still held by the holders and the probe.
        #expect(test.eventually { test.server.openConnectionCount == limits.maxConnections })
        let summary = probe.stop()
        let counted = outcomes.withLock { $0 }
        print("hostile.flood: 200 connections over a limit of \(limits.maxConnections): \(counted)")
        #expect(counted == ["503 1 closed=true": 200])
        #expect(test.observedStatuses.filter { $0 == 503 }.count == 200)
        Self.check(summary, "flood")
        _ = holders
    }

    /// A request-smuggling attempt: raw bytes, the status the server must answer, and what the bytes try.
    struct Smuggle: CustomStringConvertible, Sendable {
        var name: String
        var raw: [UInt8]
        var status: Int
        var description: String { name }

        init(_ name: String, _ raw: String, _ status: Int) {
            self.name = name
            self.raw = Array(raw.utf8)
            self.status = status
        }
    }

    /// Every attempt ends with a second request that must never be answered.
    static let smuggled = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n"

    static let smuggles: [Smuggle] = [
        Smuggle(
            "CL then TE", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + smuggled, 400),
        Smuggle(
            "TE then CL", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                + "0\r\n\r\n" + smuggled, 400),
        Smuggle(
            "duplicate differing CL", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                + "hello!" + smuggled, 400),
        Smuggle(
            "CL list differing", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 6\r\n\r\nhello!" + smuggled,
            400),
        Smuggle(
            "obs-fold", "GET /a HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n" + smuggled, 400),
        Smuggle(
            "obs-fold TE value", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n"
                + smuggled, 400),
        Smuggle("bare LF in head", "GET /a HTTP/1.1\nHost: t\r\n\r\n" + smuggled, 400),
        Smuggle("bare LF ending a field", "GET /a HTTP/1.1\r\nHost: t\nX: 1\r\n\r\n" + smuggled, 400),
        Smuggle("NUL in field value", "GET /a HTTP/1.1\r\nHost: t\r\nX-A: a\u{0}b\r\n\r\n" + smuggled, 400),
        Smuggle("NUL in field name", "GET /a HTTP/1.1\r\nHost: t\r\nX\u{0}A: b\r\n\r\n" + smuggled, 400),
        Smuggle("CR in field value", "GET /a HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n" + smuggled, 400),
        Smuggle(
            "space before colon", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"
                + smuggled, 400),
        Smuggle(
            "TE not ending in chunked", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
                + smuggled, 501),
        Smuggle(
            "TE chunked twice", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
                + smuggled, 400),
        Smuggle(
            "TE on HTTP/1.0", "POST /echo HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + smuggled, 400),
        Smuggle(
            "huge chunk size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "7fffffffffffffff\r\n" + smuggled, 413),
        Smuggle(
            "overflowing chunk size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10000000000000000\r\n" + smuggled, 400),
        Smuggle(
            "negative chunk size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n"
                + smuggled, 400),
        Smuggle(
            "chunk size prefixed 0x", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\n"
                + "hello\r\n0\r\n\r\n" + smuggled, 400),
        Smuggle(
            "chunk data longer than its size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nhello\r\n0\r\n\r\n" + smuggled, 400),
        Smuggle("negative CL", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n" + smuggled, 400),
        Smuggle("signed CL", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: +5\r\n\r\nhello" + smuggled, 400),
        Smuggle(
            "overflowing CL", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n"
                + smuggled, 400),
        Smuggle("CL over the body limit", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4294967296\r\n\r\n", 413),
        Smuggle("hex CL", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0x5\r\n\r\nhello" + smuggled, 400),
        Smuggle("two Host fields", "GET /a HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n" + smuggled, 400),
        Smuggle("absolute target and odd version", "GET http://t/a HTTP/1.10\r\nHost: t\r\n\r\n" + smuggled, 400),
    ]

    /// Each attempt is answered with its status as a problem, the connection closes, and the request hidden
    /// behind it is never answered; `/healthz` answers throughout.
    @Test func smugglingAttemptsAreRefusedAndClosed() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let probe = LatencyProbe(port: test.port, reusesConnection: true)
        probe.start()
        for smuggle in Self.smuggles {
            let client = try test.client()
            try client.send(smuggle.raw)
            let response = try client.readResponse()
            #expect(response.status == smuggle.status, "\(smuggle): \(response.status) \(response.bodyText)")
            #expect(response.header("Content-Type") == "application/problem+json", "\(smuggle)")
            #expect(response.header("Connection") == "close", "\(smuggle)")
            #expect(try client.waitForClose(), "\(smuggle): more bytes after the refusal")
        }
        let summary = probe.stop()
        print("hostile.smuggling: \(Self.smuggles.count) attempts refused")
        Self.check(summary, "smuggling")
        #expect(!test.observedStatuses.isEmpty)
    }

    /// The same attempts, each sent one byte at a time: the verdict must not depend on how bytes arrive.
    @Test func smugglingAttemptsByteByByte() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        for smuggle in Self.smuggles {
            let client = try test.client()
            var statusSeen: Int?
            for byte in smuggle.raw {
                if client.hasBytesWaiting() { break }
                guard client.trySend([byte]) else { break }
            }
            statusSeen = try client.readResponse().status
            #expect(statusSeen == smuggle.status, "\(smuggle) byte by byte")
            #expect(try client.waitForClose(), "\(smuggle) byte by byte")
        }
    }
}
