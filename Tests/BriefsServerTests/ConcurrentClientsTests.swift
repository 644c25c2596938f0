import Dispatch
import Foundation
import Synchronization
import Testing

@testable import BriefsServer

/// Several clients at once, each pipelining a deterministic mix of requests cut into sends at arbitrary points.
@Suite(.timeLimit(.minutes(1))) struct ConcurrentClientsTests {
    /// A small deterministic generator (an LCG), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// One request of the mix and the body the echo handler must answer.
    static func request(_ index: Int, _ generator: inout Generator) -> (bytes: [UInt8], expected: String) {
        let payload = String(repeating: "x\(index)", count: generator.next(40))
        switch generator.next(3) {
        case 0:
            return (Array("GET /r\(index) HTTP/1.1\r\nHost: t\r\n\r\n".utf8), "ok /r\(index)")
        case 1:
            let raw = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(payload.utf8.count)\r\n\r\n\(payload)"
            return (Array(raw.utf8), "POST /echo \(payload)")
        default:
            let half = payload.utf8.count / 2
            let first = String(payload.prefix(half))
            let second = String(payload.dropFirst(half))
            var raw = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
            for part in [first, second] where !part.isEmpty {
                raw += String(part.utf8.count, radix: 16) + ";n=v\r\n" + part + "\r\n"
            }
            raw += "0\r\nX-T: 1\r\n\r\n"
            return (Array(raw.utf8), "POST /echo \(payload)")
        }
    }

    @Test func pipelinedMixedRequestsFromManyClients() throws {
        let test = try TestServer()
        defer { test.server.shutdown() }
        let clients = 8
        let requestsPerClient = 40
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: clients) { clientIndex in
            do {
                var generator = Generator(state: UInt64(clientIndex + 1))
                let client = try test.client()
                var stream: [UInt8] = []
                var expected: [String] = []
                for index in 0..<requestsPerClient {
                    let (bytes, body) = Self.request(index, &generator)
                    stream += bytes
                    expected.append(body)
                }
                // Send in pieces of 1...300 bytes, reading the answers after everything is sent.
                var offset = 0
                while offset < stream.count {
                    let length = min(stream.count - offset, 1 + generator.next(300))
                    try client.send(Array(stream[offset..<(offset + length)]))
                    offset += length
                }
                for body in expected {
                    let response = try client.readResponse()
                    if response.status != 200 || response.bodyText != body {
                        failures.withLock {
                            $0.append("client \(clientIndex): \(response.status) \(response.bodyText)")
                        }
                        return
                    }
                }
            } catch {
                failures.withLock { $0.append("client \(clientIndex): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(test.observedStatuses.isEmpty)
    }
}
