import Foundation
import Synchronization

/// Request counters and a latency histogram, rendered in the Prometheus text format (version 0.0.4).
///
/// Recording takes no lock and builds no string: counters are atomics indexed by route (the names given at
/// `init`) and by status (a fixed table of the statuses the server answers with). A status or route outside the
/// tables is counted in a small locked dictionary, which the usual requests never touch.
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    /// The same bounds in nanoseconds, compared on the hot path.
    static let bucketNanoseconds: [Int64] = buckets.map { Int64(($0 * 1e9).rounded()) }
    /// Statuses with a counter of their own for each route.
    static let statuses: [Int] = [
        200, 201, 204, 304, 400, 401, 403, 404, 405, 406, 408, 409, 411, 413, 414, 415, 422, 429, 431, 500, 501,
        503, 505,
    ]
    /// Status → its index in `statuses`, for statuses 100...599 (-1: not in the table).
    static let statusSlots: [Int8] = {
        var slots = [Int8](repeating: -1, count: 600)
        for (index, status) in statuses.enumerated() { slots[status] = Int8(index) }
        return slots
    }()

    /// The route named "none": responses of no route (404, 405) and of the server itself.
    public static let noRoute = "none"

    /// One atomic counter (`Atomic` cannot live in an array; its box can).
    final class Counter: Sendable {
        let value = Atomic<Int>(0)

        func add(_ amount: Int) { value.add(amount, ordering: .relaxed) }

        var current: Int { value.load(ordering: .relaxed) }
    }

    private let routeNames: [String]
    private let routeIndex: [String: Int]
    /// `routeNames.count × statuses.count` counters, route-major.
    private let requestCounters: [Counter]
    /// Non-cumulative: each observation counts in the first bucket that holds it; the last slot is "+Inf only".
    private let bucketCounters: [Counter]
    private let latencyCount = Counter()
    private let latencyNanoseconds = Counter()
    /// Route/status pairs outside the tables.
    private let others = Mutex([String: Int]())

    /// - Parameter routes: the route names counted without a lock ("none" is always added).
    public init(routes: [String] = []) {
        var names = [Self.noRoute]
        for name in routes where !names.contains(name) { names.append(name) }
        routeNames = names
        routeIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        requestCounters = (0..<(names.count * Self.statuses.count)).map { _ in Counter() }
        bucketCounters = (0...Self.buckets.count).map { _ in Counter() }
    }

    /// Counts one response; `seconds` is nil for responses the server made itself (no handler ran).
    public func record(route: String, status: Int, seconds: Double?) {
        record(route: route, status: status, nanoseconds: seconds.map { Int64(($0 * 1e9).rounded()) })
    }

    /// Counts one response with its handler time in nanoseconds (nil: no handler ran).
    public func record(route: String, status: Int, nanoseconds: Int64?) {
        let slot = (100..<600).contains(status) ? Int(Self.statusSlots[status]) : -1
        if slot >= 0, let routeSlot = routeIndex[route] {
            requestCounters[routeSlot * Self.statuses.count + slot].add(1)
        } else {
            others.withLock { $0["\(route)|\(status)", default: 0] += 1 }
        }
        guard let nanoseconds else { return }
        latencyCount.add(1)
        latencyNanoseconds.add(Int(nanoseconds))
        var bucket = Self.bucketNanoseconds.count
        for (index, bound) in Self.bucketNanoseconds.enumerated() where nanoseconds <= bound {
            bucket = index
            break
        }
        bucketCounters[bucket].add(1)
    }

    /// The exposition text, with the store gauges given by the caller.
    public func render(articles: Int, journalBytes: Int, secondsSinceSnapshot: Double?, connections: Int) -> String {
        var requests = others.withLock { $0 }
        for (routeSlot, route) in routeNames.enumerated() {
            for (slot, status) in Self.statuses.enumerated() {
                let count = requestCounters[routeSlot * Self.statuses.count + slot].current
                if count > 0 { requests["\(route)|\(status)", default: 0] += count }
            }
        }
        var out = "# HELP newsbriefs_requests_total Requests answered, by route and status.\n"
        out += "# TYPE newsbriefs_requests_total counter\n"
        for (key, count) in requests.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|")
            guard parts.count == 2 else { continue }
            out += "newsbriefs_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(count)\n"
        }
        out += "# HELP newsbriefs_request_duration_seconds Handler latency.\n"
        out += "# TYPE newsbriefs_request_duration_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in Self.buckets.enumerated() {
            cumulative += bucketCounters[index].current
            out += "newsbriefs_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        let count = latencyCount.current
        out += "newsbriefs_request_duration_seconds_bucket{le=\"+Inf\"} \(count)\n"
        out += "newsbriefs_request_duration_seconds_sum \(Double(latencyNanoseconds.current) / 1e9)\n"
        out += "newsbriefs_request_duration_seconds_count \(count)\n"
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
