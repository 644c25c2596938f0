import BriefsHTTP
import BriefsServer
import Foundation
import Logging
import Testing

/// Not a test: a way to run the bare server for a load generator, since the package has no benchmark executable.
/// Skipped unless `BRIEFS_BENCH_PORT` is set:
///
///     BRIEFS_BENCH_PORT=8089 BRIEFS_BENCH_SECONDS=20 swift test --filter ServeForBenchmark &
///     wrk -t2 -c64 -d10s http://127.0.0.1:8089/hello
///
/// The handler answers a fixed 13-byte JSON body, so the figures measure the HTTP layer alone.
@Suite struct ServeForBenchmark {
    static let port = ProcessInfo.processInfo.environment["BRIEFS_BENCH_PORT"].flatMap(Int.init)
    static let seconds = ProcessInfo.processInfo.environment["BRIEFS_BENCH_SECONDS"].flatMap(Int.init) ?? 20

    @Test(.enabled(if: port != nil)) func serve() throws {
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let body = Array(#"{"ok":"yes"}"#.utf8) + [10]
        let server = HTTPServer(
            host: "127.0.0.1", port: Self.port ?? 0, limits: ServerLimits(maxConnections: 4096), logger: logger,
            handler: { _, _ in Response.json(200, body) })
        let address = try server.start()
        print("listening on \(address.host):\(address.port) for \(Self.seconds) s")
        Thread.sleep(forTimeInterval: Double(Self.seconds))
        server.shutdown()
    }
}
