import BriefsHTTP
import Foundation
import Logging
import Synchronization
import Testing

@testable import BriefsServer

/// A swift-log handler that keeps every event (message and metadata, the logger's own included), for tests that
/// inspect what the server logs.
struct CapturingLogHandler: LogHandler {
    /// Every line logged through any copy of the handler, rendered as text.
    final class Store: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { locked { $0.append(line) } }
        var all: [String] { locked { $0 } }

        /// `lines.withLock`, visible to ThreadSanitizer (see `SanitizerSync`).
        private func locked<Result>(_ body: (inout [String]) -> Result) -> Result {
            lines.withLock { lines in
                SanitizerSync.acquire(self)
                defer { SanitizerSync.release(self) }
                return body(&lines)
            }
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    init(store: Store) { self.store = store }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        for (key, value) in event.metadata ?? [:] { all[key] = value }
        let rendered = all.keys.sorted().map { "\($0)=\(Self.render(all[$0]))" }.joined(separator: " ")
        store.append("\(event.level) \(event.message) \(rendered)")
    }

    private static func render(_ value: Logger.Metadata.Value?) -> String {
        switch value {
        case nil: return ""
        case .string(let text)?: return text
        case .stringConvertible(let convertible)?: return convertible.description
        case .array(let values)?: return values.map { render($0) }.joined(separator: ",")
        case .dictionary(let values)?: return values.map { "\($0.key):\(render($0.value))" }.joined(separator: ",")
        }
    }
}

/// Log lines are built from request data the client controls, and requests carry the API token: at every level,
/// down to trace, no raw control character reaches a line and the token never does.
@Suite(.timeLimit(.minutes(1))) struct LogSecretsTests {
    static let secret = "s3cr3t-T0KEN-do-not-log"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    @Test func requestDataIsEscapedAndTheTokenNeverLogged() throws {
        let store = CapturingLogHandler.Store()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(store: store) }
        logger.logLevel = .trace
        var limits = TestServer.limits
        limits.headerTimeout = .seconds(1)
        let server = HTTPServer(
            host: "127.0.0.1", port: 0, limits: limits, logger: logger,
            handler: { request, _ in Response.text(200, "ok \(request.headers["Authorization"] == nil)") })
        let port = try server.start().port
        defer { server.shutdown() }

        let authorization = "Authorization: Bearer \(Self.secret)\r\n"
        let attempts: [[UInt8]] = [
            // Accepted: percent-encoded CR, LF and ESC stay encoded in the target; C1 controls (NEL, CSI) arrive
            // raw in UTF-8 if the parser lets them through.
            Array("GET /a%0D%0Ab%1B[31m?q=%0A HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("GET /nel\u{85}csi\u{9B}31m HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("POST /p\u{85} HTTP/1.1\r\nHost: t\r\n\(authorization)Content-Length: 2\r\n\r\nhi".utf8),
            // Refused by the parser: raw ESC, CR and NUL in the target, a control character in the token's value,
            // ESC in a field name.
            Array("GET /a\u{1B}[31mred HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("GET /a\rFAKE-LINE HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("GET /a\u{0}b HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("GET / HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(Self.secret)\u{1B}[2J\r\n\r\n".utf8),
            Array("GET / HTTP/1.1\r\nHost: t\r\nX-\u{1B}[31m: \(Self.secret)\r\n\r\n".utf8),
            // A method that is not a token, and a head that never ends (408 after the header timeout).
            Array("G\u{1B}T / HTTP/1.1\r\nHost: t\r\n\(authorization)\r\n".utf8),
            Array("GET /slow HTTP/1.1\r\nHost: t\r\n\(authorization)".utf8),
        ]
        for bytes in attempts {
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send(bytes)
            _ = try? client.readResponse()
            client.close()
        }
        // The last attempt ends with the header timeout; wait for its log line (bounded).
        let deadline = ContinuousClock.now + .seconds(5)
        while !store.all.contains(where: { $0.contains("request.timeout") }) && ContinuousClock.now < deadline {
            usleep(10_000)
        }
        server.shutdown()

        let lines = store.all
        #expect(lines.contains { $0.contains("request.received") && $0.contains("http.target=/a%0D%0Ab%1B[31m") })
        #expect(lines.contains { $0.contains("request.rejected") })
        #expect(lines.contains { $0.contains("request.timeout") })
        for line in lines {
            #expect(!line.contains(Self.secret), "the token leaked: \(line)")
            #expect(
                !line.unicodeScalars.contains(where: Self.isControl), "raw control character: \(line.debugDescription)")
        }
        if ProcessInfo.processInfo.environment["TEST_SERVER_LOG"] != nil { lines.forEach { print($0) } }
        print("log.secrets: \(lines.count) lines captured at trace, none with the token or a control character")
    }
}
