import BriefsHTTP
import BriefsServer
import Synchronization

/// A token bucket: holds up to `burst` tokens, refilled at `ratePerSecond`; each write takes one.
///
/// A pure value: time comes in as `now`, so tests drive it with made-up instants. A new bucket starts full, so a
/// client may send `burst` writes at once, then `ratePerSecond` writes a second on average.
struct TokenBucket: Equatable, Sendable {
    /// What `take(now:)` decided.
    enum Decision: Equatable, Sendable {
        case allowed
        /// No token left; one will be there after `retryAfter`.
        case limited(retryAfter: Duration)
    }

    let ratePerSecond: Double
    let burst: Double
    private(set) var tokens: Double
    private(set) var updatedAt: ContinuousClock.Instant

    /// - Precondition: `ratePerSecond > 0` and `burst >= 1` (the configuration validates both).
    init(ratePerSecond: Double, burst: Double, now: ContinuousClock.Instant) {
        precondition(ratePerSecond > 0 && burst >= 1, "token bucket needs a positive rate and a burst of at least 1")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        tokens = burst
        updatedAt = now
    }

    /// Tokens available at `now` (a `now` earlier than the last update counts as no time passed).
    func tokens(at now: ContinuousClock.Instant) -> Double {
        let elapsed = max(.zero, updatedAt.duration(to: now))
        return min(burst, tokens + Self.seconds(elapsed) * ratePerSecond)
    }

    /// Whether the bucket is full at `now`, so forgetting it changes nothing.
    func isFull(at now: ContinuousClock.Instant) -> Bool {
        tokens(at: now) >= burst
    }

    /// Takes one token if there is one.
    mutating func take(now: ContinuousClock.Instant) -> Decision {
        let available = tokens(at: now)
        if now > updatedAt { updatedAt = now }
        if available >= 1 {
            tokens = available - 1
            return .allowed
        }
        tokens = available
        let wait = (1 - available) / ratePerSecond
        return .limited(retryAfter: .nanoseconds(Int64((wait * 1e9).rounded(.up))))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Write rate limiting per client address: one `TokenBucket` per host (the port is ignored, so that new
/// connections do not get new buckets).
///
/// Memory is bounded: past `maxClients` tracked hosts, buckets that have refilled are forgotten (they hold no
/// state worth keeping), then, if that is not enough, the least recently used half.
final class RateLimiter: Sendable {
    let ratePerSecond: Double
    let burst: Double
    let maxClients: Int
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(ratePerSecond: Double, burst: Double, maxClients: Int = 10_000) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.maxClients = maxClients
    }

    /// Takes a token from the bucket of the host in `remoteAddress` (`host:port` or `[v6]:port`).
    func take(remoteAddress: String, now: ContinuousClock.Instant) -> TokenBucket.Decision {
        let host = Self.host(of: remoteAddress)
        return buckets.withLock { buckets in
            SanitizerSync.acquire(self)
            defer { SanitizerSync.release(self) }
            if buckets[host] == nil {
                if buckets.count >= maxClients { Self.prune(&buckets, now: now, maxClients: maxClients) }
                buckets[host] = TokenBucket(ratePerSecond: ratePerSecond, burst: burst, now: now)
            }
            return buckets[host]?.take(now: now) ?? .allowed
        }
    }

    /// Hosts tracked now (for tests).
    var trackedClientCount: Int { buckets.withLock { $0.count } }

    /// Forgets refilled buckets; if as many hosts as `maxClients` are still tracked, forgets the least recently
    /// used half as well.
    private static func prune(_ buckets: inout [String: TokenBucket], now: ContinuousClock.Instant, maxClients: Int) {
        buckets = buckets.filter { !$0.value.isFull(at: now) }
        guard buckets.count >= maxClients else { return }
        let byAge = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }
        for (host, _) in byAge.prefix(max(1, buckets.count / 2)) { buckets.removeValue(forKey: host) }
    }

    /// The host part of `host:port`, `[v6]:port`; anything else is taken whole.
    static func host(of remoteAddress: String) -> String {
        if remoteAddress.hasPrefix("["), let close = remoteAddress.firstIndex(of: "]") {
            return String(remoteAddress[remoteAddress.index(after: remoteAddress.startIndex)..<close])
        }
        if let colon = remoteAddress.lastIndex(of: ":"), remoteAddress.firstIndex(of: ":") == colon {
            return String(remoteAddress[..<colon])
        }
        return remoteAddress
    }

    /// The 429 answer: `Retry-After` in whole seconds, rounded up (at least 1).
    static func problem(retryAfter: Duration) -> Problem {
        let seconds = max(1, Int(TokenBucket.seconds(retryAfter).rounded(.up)))
        return Problem(
            type: "/problems/too-many-requests", title: "Too many requests", status: 429,
            detail: "too many writes from this address; retry after \(seconds) s",
            headers: HTTPHeaders([("Retry-After", "\(seconds)")]))
    }
}

extension RateLimiter {
    /// The limiter `configuration` asks for, or nil when write rate limiting is off.
    convenience init?(configuration: AppConfiguration) {
        guard configuration.rateLimitWritesPerSecond > 0 else { return nil }
        self.init(
            ratePerSecond: Double(configuration.rateLimitWritesPerSecond),
            burst: Double(max(1, configuration.rateLimitBurst)))
    }
}

extension Application {
    /// Throws a 429 problem when `route` is a write and the client's bucket is empty.
    func limitRate(_ route: Route, _ context: RequestContext) throws(Problem) {
        guard let rateLimiter, Routes.protected.contains(route.name) else { return }
        switch rateLimiter.take(remoteAddress: context.remoteAddress, now: .now) {
        case .allowed:
            return
        case .limited(let retryAfter):
            throw RateLimiter.problem(retryAfter: retryAfter)
        }
    }
}
