import BriefsHTTP
import Dispatch
import Foundation
import Logging
import Synchronization

@testable import BriefsServer

/// Collects the statuses the server reports to its observer.
final class StatusRecorder: Sendable {
    private let statuses = Mutex<[Int]>([])

    func record(_ status: Int) { locked { $0.append(status) } }

    var all: [Int] { locked { $0 } }

    /// `statuses.withLock`, visible to ThreadSanitizer (see `SanitizerSync`).
    private func locked<Result>(_ body: (inout [Int]) -> Result) -> Result {
        statuses.withLock { statuses in
            SanitizerSync.acquire(self)
            defer { SanitizerSync.release(self) }
            return body(&statuses)
        }
    }
}

/// A real `HTTPServer` on 127.0.0.1 with a free port and a small handler:
/// - `/echo` answers `"<method> <path> <body>"`;
/// - `/slow` signals `slowStarted`, waits for `releaseSlow` (at most 5 s), then answers `slow`;
/// - `/context` answers the request ID and remote address;
/// - `/big` answers `bigBodyBytes` bytes;
/// - `/bye` asks to close the connection; `/interim` returns a status that cannot be final;
/// - anything else answers `ok <path>`.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: Int
    let recorder = StatusRecorder()
    let slowStarted = DispatchSemaphore(value: 0)
    let releaseSlow = DispatchSemaphore(value: 0)

    /// - Parameter usesEventLoops: false runs every connection on Dispatch sources (the fallback without epoll).
    init(limits: ServerLimits = TestServer.limits, usesEventLoops: Bool = true) throws {
        let recorder = self.recorder
        let slowStarted = self.slowStarted
        let releaseSlow = self.releaseSlow
        var logger = Logger(label: "test") { label in
            // TEST_SERVER_LOG=1 shows the server's logs when a test needs debugging.
            ProcessInfo.processInfo.environment["TEST_SERVER_LOG"] == nil
                ? SwiftLogNoOpLogHandler() as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = .trace
        server = HTTPServer(
            host: "127.0.0.1", port: 0, limits: limits, logger: logger, observer: { recorder.record($0) },
            mayBlock: nil, usesEventLoops: usesEventLoops,
            handler: { request, context in
                switch request.path {
                case "/slow":
                    slowStarted.signal()
                    _ = releaseSlow.wait(timeout: .now() + 5)
                    return Response.text(200, "slow")
                case "/echo":
                    let body = String(decoding: request.body, as: UTF8.self)
                    return Response.text(200, "\(request.method) \(request.path) \(body)")
                case "/big":
                    return Response(
                        status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
                        body: [UInt8](repeating: UInt8(ascii: "b"), count: TestServer.bigBodyBytes))
                case "/bye":
                    return Response(status: 200, headers: HTTPHeaders([("Connection", "Close")]))
                case "/interim":
                    return Response(status: 101)
                case "/context":
                    return Response.text(200, "\(context.requestID) \(context.remoteAddress)")
                default:
                    return Response.text(200, "ok \(request.path)")
                }
            })
        port = try server.start().port
    }

    /// Size of the `/big` body: larger than a loopback socket buffer takes at once.
    static let bigBodyBytes = 512 * 1024

    /// Limits small enough for tests; timeouts are long unless a test shortens them.
    static let limits = ServerLimits(
        maxHeaderBytes: 1024, maxBodyBytes: 1024, maxConnections: 16, headerTimeout: .seconds(30),
        idleTimeout: .seconds(30), shutdownGracePeriod: .seconds(3))

    var observedStatuses: [Int] { recorder.all }

    func client() throws -> TestClient { try TestClient(port: port) }

    /// Polls `condition` every 2 ms until it holds or `timeout` passes.
    func eventually(within timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }
}
