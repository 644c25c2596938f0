import Logging
import Synchronization

/// A swift-log handler that keeps every line it is given (at every level), rendered the way a stream handler would
/// print it: `level message key=value …`, metadata sorted by key.
struct CapturingLogHandler: LogHandler {
    /// The lines, shared by every copy of the handler (loggers copy their handler).
    final class Sink: Sendable {
        private let lines = Mutex<[String]>([])

        func append(_ line: String) {
            lines.withLock { $0.append(line) }
        }

        var all: [String] { lines.withLock { $0 } }
    }

    let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    init(sink: Sink) {
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        let rendered = merged.keys.sorted().map { "\($0)=\(merged[$0].map { "\($0)" } ?? "")" }
        sink.append(([event.level.rawValue, event.message.description] + rendered).joined(separator: " "))
    }

    /// A logger at `.trace` writing into a new sink.
    static func logger() -> (Logger, Sink) {
        let sink = Sink()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .trace
        return (logger, sink)
    }
}
