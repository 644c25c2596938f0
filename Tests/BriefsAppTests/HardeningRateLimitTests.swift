import BriefsHTTP
import BriefsServer
import BriefsStore
import Foundation
import Logging
import Testing

@testable import BriefsApp

/// The token bucket is pure: every case passes its own `now`.
@Suite struct TokenBucketTests {
    let start = ContinuousClock.now

    @Test func startsFullThenRefusesUntilATokenRefills() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 3, now: start)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.take(now: start) == .limited(retryAfter: .milliseconds(500)))
        // 250 ms later half a token has come back; the other half is 250 ms away.
        #expect(bucket.take(now: start + .milliseconds(250)) == .limited(retryAfter: .milliseconds(250)))
        #expect(bucket.take(now: start + .milliseconds(500)) == .allowed)
        #expect(bucket.take(now: start + .milliseconds(500)) == .limited(retryAfter: .milliseconds(500)))
    }

    @Test func refillStopsAtTheBurst() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 2, now: start)
        #expect(bucket.take(now: start) == .allowed)
        #expect(bucket.tokens(at: start + .seconds(3600)) == 2)
        #expect(bucket.isFull(at: start + .seconds(3600)))
        #expect(bucket.take(now: start + .seconds(3600)) == .allowed)
        #expect(bucket.take(now: start + .seconds(3600)) == .allowed)
        #expect(bucket.take(now: start + .seconds(3600)) != .allowed)
    }

    @Test func aClockGoingBackwardsGivesNothingAndTakesNothing() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 1, now: start + .seconds(10))
        #expect(bucket.take(now: start + .seconds(10)) == .allowed)
        #expect(bucket.take(now: start) == .limited(retryAfter: .seconds(1)))
        #expect(bucket.take(now: start + .seconds(11)) == .allowed)
    }

    @Test func steadyRateIsSustainedExactly() {
        var bucket = TokenBucket(ratePerSecond: 5, burst: 1, now: start)
        var allowed = 0
        for step in 0..<100 {  // one attempt every 100 ms for 10 s, at twice the rate
            if bucket.take(now: start + .milliseconds(100 * step)) == .allowed { allowed += 1 }
        }
        #expect(allowed == 50)
    }
}

@Suite struct RateLimiterTests {
    let start = ContinuousClock.now

    @Test(arguments: [
        ("127.0.0.1:5000", "127.0.0.1"), ("[::1]:80", "::1"), ("[fe80::1%eth0]:1", "fe80::1%eth0"),
        ("unix", "unix"), ("::1", "::1"),
    ])
    func hostIgnoresThePort(address: String, host: String) {
        #expect(RateLimiter.host(of: address) == host)
    }

    @Test func eachAddressHasItsOwnBucketWhateverThePort() {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 1)
        #expect(limiter.take(remoteAddress: "10.0.0.1:1000", now: start) == .allowed)
        #expect(limiter.take(remoteAddress: "10.0.0.1:2000", now: start) != .allowed)
        #expect(limiter.take(remoteAddress: "10.0.0.2:1000", now: start) == .allowed)
    }

    @Test func trackedAddressesStayBounded() {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 5, maxClients: 100)
        for index in 0..<1000 {
            _ = limiter.take(remoteAddress: "10.0.\(index / 256).\(index % 256):1", now: start)
        }
        #expect(limiter.trackedClientCount <= 100)
        // Buckets that refilled are forgotten first, and forgetting them loses nothing.
        _ = limiter.take(remoteAddress: "10.9.9.9:1", now: start + .seconds(10))
        #expect(limiter.trackedClientCount == 1)
    }

    @Test func problemRoundsRetryAfterUpToWholeSeconds() {
        let problem = RateLimiter.problem(retryAfter: .milliseconds(1200))
        #expect(problem.status == 429)
        #expect(problem.type == "/problems/too-many-requests")
        #expect(problem.headers["Retry-After"] == "2")
        #expect(RateLimiter.problem(retryAfter: .milliseconds(3)).headers["Retry-After"] == "1")
    }
}

/// The limiter wired into `Application.handle`, without sockets: writes (POST, DELETE, admin) are limited per
/// client address; reads never are.
@Suite struct HardeningRateLimitTests {
    final class App {
        let directory: URL
        let application: Application

        init(writesPerSecond: Int, burst: Int, token: String? = nil) throws {
            directory = try TestEnvironment.temporaryDirectory()
            var configuration = AppConfiguration()
            configuration.dataDirectory = directory.path
            configuration.configDirectory = TestEnvironment.configDirectory.path
            configuration.rateLimitWritesPerSecond = writesPerSecond
            configuration.rateLimitBurst = burst
            configuration.apiToken = token
            application = Application(
                configuration: configuration, domain: try TestEnvironment.domain(),
                store: try ArticleStore.open(directory: directory), logger: Logger(label: "test"))
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func send(_ method: String, _ path: String, from address: String, headers: [(String, String)] = [])
            -> Response
        {
            let request = Request(
                method: method, target: path, path: path, queryItems: [], headers: HTTPHeaders(headers), body: [])
            return application.handle(request, context: RequestContext(remoteAddress: address, requestID: "t"))
        }
    }

    @Test func writesOverTheBurstGet429WithRetryAfter() throws {
        // One write a second refills far slower than this test sends, so the third write is refused.
        let app = try App(writesPerSecond: 1, burst: 2)
        #expect(app.send("DELETE", "/v1/articles/a1", from: "192.0.2.1:1").status == 404)
        #expect(app.send("DELETE", "/v1/articles/a2", from: "192.0.2.1:2").status == 404)
        let refused = app.send("DELETE", "/v1/articles/a3", from: "192.0.2.1:3")
        #expect(refused.status == 429)
        #expect(refused.headers["Content-Type"] == "application/problem+json")
        #expect(refused.headers["Retry-After"] == "1")
        let body = try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any]
        #expect(body?["type"] as? String == "/problems/too-many-requests")
        #expect(body?["status"] as? Int == 429)
        // The admin route and POST share the same bucket.
        #expect(app.send("POST", "/v1/admin/snapshot", from: "192.0.2.1:4").status == 429)
        #expect(app.send("POST", "/v1/articles", from: "192.0.2.1:5").status == 429)
        // Another address is not affected, and reads are never limited.
        #expect(app.send("DELETE", "/v1/articles/a4", from: "192.0.2.2:1").status == 404)
        for _ in 0..<20 {
            #expect(app.send("GET", "/healthz", from: "192.0.2.1:6").status == 200)
        }
        // 404 and 405 routes do not take tokens either.
        #expect(app.send("PUT", "/v1/articles/a1", from: "192.0.2.3:1").status == 405)
        #expect(app.send("DELETE", "/nowhere", from: "192.0.2.3:1").status == 404)
        #expect(app.send("DELETE", "/v1/articles/a5", from: "192.0.2.3:1").status == 404)
    }

    @Test func limitAppliesBeforeAuthorization() throws {
        let app = try App(writesPerSecond: 1, burst: 1, token: "secret")
        #expect(app.send("DELETE", "/v1/articles/a1", from: "192.0.2.9:1").status == 401)
        #expect(app.send("DELETE", "/v1/articles/a1", from: "192.0.2.9:1").status == 429)
    }

    @Test func offByDefault() throws {
        #expect(AppConfiguration().rateLimitWritesPerSecond == 0)
        let app = try App(writesPerSecond: 0, burst: 1)
        for index in 0..<50 {
            #expect(app.send("DELETE", "/v1/articles/x\(index)", from: "192.0.2.1:1").status == 404)
        }
    }

    /// The hardening keys (`rate_limit_*`, `min_body_bytes_per_s`) load and are range-checked.
    @Test func configKeysAreValidated() throws {
        var configuration = AppConfiguration()
        try configuration.apply(
            json: Data(#"{"rate_limit_writes_per_s": 5, "rate_limit_burst": 10}"#.utf8), file: "t.json")
        #expect(configuration.rateLimitWritesPerSecond == 5)
        #expect(configuration.rateLimitBurst == 10)
        #expect(throws: ConfigError.self) {
            try configuration.apply(json: Data(#"{"rate_limit_burst": 0}"#.utf8), file: "t.json")
        }
        try configuration.apply(json: Data(#"{"min_body_bytes_per_s": 0}"#.utf8), file: "t.json")
        #expect(configuration.limits.minBodyBytesPerSecond == 0)
        #expect(throws: ConfigError.self) {
            try configuration.apply(json: Data(#"{"min_body_bytes_per_s": -5}"#.utf8), file: "t.json")
        }
        #expect(throws: ConfigError.self) {
            try configuration.apply(json: Data(#"{"rate_limit_writes_per_s": -1}"#.utf8), file: "t.json")
        }
    }
}
