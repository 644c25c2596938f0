import Foundation
import Synchronization

/// Request counters and a latency histogram, rendered in the Prometheus text format (version 0.0.4).
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct State {
        var requests: [String: Int] = [:]  // "route|status"
        var bucketCounts = [Int](repeating: 0, count: Metrics.buckets.count)
        var latencyCount = 0
        var latencySum = 0.0
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one response; `seconds` is nil for responses the server made itself (no handler ran).
    public func record(route: String, status: Int, seconds: Double?) {
        state.withLock { state in
            state.requests["\(route)|\(status)", default: 0] += 1
            if let seconds {
                state.latencyCount += 1
                state.latencySum += seconds
                for (index, bound) in Self.buckets.enumerated() where seconds <= bound {
                    state.bucketCounts[index] += 1
                }
            }
        }
    }

    /// The exposition text, with the store gauges given by the caller.
    public func render(articles: Int, journalBytes: Int, secondsSinceSnapshot: Double?, connections: Int) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP newsbriefs_requests_total Requests answered, by route and status.\n"
        out += "# TYPE newsbriefs_requests_total counter\n"
        for key in snapshot.requests.keys.sorted() {
            let parts = key.split(separator: "|")
            out += "newsbriefs_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(snapshot.requests[key]!)\n"
        }
        out += "# HELP newsbriefs_request_duration_seconds Handler latency.\n"
        out += "# TYPE newsbriefs_request_duration_seconds histogram\n"
        for (index, bound) in Self.buckets.enumerated() {
            out += "newsbriefs_request_duration_seconds_bucket{le=\"\(bound)\"} \(snapshot.bucketCounts[index])\n"
        }
        out += "newsbriefs_request_duration_seconds_bucket{le=\"+Inf\"} \(snapshot.latencyCount)\n"
        out += "newsbriefs_request_duration_seconds_sum \(snapshot.latencySum)\n"
        out += "newsbriefs_request_duration_seconds_count \(snapshot.latencyCount)\n"
        out += "# HELP newsbriefs_articles Articles stored.\n# TYPE newsbriefs_articles gauge\n"
        out += "newsbriefs_articles \(articles)\n"
        out += "# HELP newsbriefs_journal_bytes Size of the journal since the last snapshot.\n"
        out += "# TYPE newsbriefs_journal_bytes gauge\nnewsbriefs_journal_bytes \(journalBytes)\n"
        out += "# HELP newsbriefs_open_connections Connections open now.\n"
        out += "# TYPE newsbriefs_open_connections gauge\nnewsbriefs_open_connections \(connections)\n"
        out += "# HELP newsbriefs_seconds_since_snapshot Seconds since the last snapshot was written or loaded (-1: never).\n"
        out += "# TYPE newsbriefs_seconds_since_snapshot gauge\n"
        out += "newsbriefs_seconds_since_snapshot \(secondsSinceSnapshot.map { String(format: "%.3f", $0) } ?? "-1")\n"
        return out
    }
}
