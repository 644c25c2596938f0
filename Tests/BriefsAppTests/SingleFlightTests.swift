import BriefsDomain
import BriefsHTTP
import BriefsServer
import BriefsStore
import Dispatch
import Foundation
import Logging
import Synchronization
import Testing

@testable import BriefsApp

/// Concurrent requests for the same missing cache entry share one build (`ResponseCache.entry(_:orBuild:)`), and
/// a request never joins a build that started before a write acknowledged ahead of it.
@Suite struct SingleFlightTests {
    static let key = ResponseCache.Key(tag: "country:NO", variant: "20")

    static func entry(_ text: String) -> ResponseCache.Entry {
        ResponseCache.Entry(body: Array(text.utf8), etag: "\"\(text)\"", contentType: "application/json")
    }

    /// Runs `body` on a thread of its own (Dispatch's pool grows only slowly past blocked threads).
    static func spawn(in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread {
            body()
            group.leave()
        }.start()
    }

    /// Polls `condition` (up to about 20 s) so that the test goes on once every thread has got where it should.
    static func waitUntil(_ condition: () -> Bool) {
        for _ in 0..<20_000 where !condition() { usleep(1000) }
    }

    @Test func concurrentRequestsShareOneBuild() {
        let cache = ResponseCache()
        let builds = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let answers = Collected<[String]>([])
        let group = DispatchGroup()
        let followers = 7
        Self.spawn(in: group) {
            let entry = cache.entry(Self.key) { () -> ResponseCache.Entry in
                builds.add(1, ordering: .relaxed)
                release.wait()
                return Self.entry("leader")
            }
            answers.withLock { $0.append(String(decoding: entry.body, as: UTF8.self)) }
        }
        Self.waitUntil { builds.load(ordering: .relaxed) == 1 }
        for _ in 0..<followers {
            Self.spawn(in: group) {
                let entry = cache.entry(Self.key) { () -> ResponseCache.Entry in
                    builds.add(1, ordering: .relaxed)
                    return Self.entry("follower")
                }
                answers.withLock { $0.append(String(decoding: entry.body, as: UTF8.self)) }
            }
        }
        // Every follower is either waiting for the leader's build or (without single flight) building itself.
        Self.waitUntil { cache.waitingCount(Self.key) + builds.load(ordering: .relaxed) == followers + 1 }
        release.signal()
        group.wait()
        #expect(builds.load(ordering: .relaxed) == 1)
        #expect(answers.withLock { $0 } == Array(repeating: "leader", count: followers + 1))
        #expect(cache.entry(Self.key).map { String(decoding: $0.body, as: UTF8.self) } == "leader")
    }

    /// A request that arrives after an invalidation of the tag (a write acknowledged) builds anew instead of taking
    /// the result of a build that started before it; that older result is handed only to those who joined it, and
    /// not cached.
    @Test func requestAfterAWriteDoesNotJoinAnOlderBuild() {
        let cache = ResponseCache()
        let builds = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let early = Collected<[String]>([])
        Self.spawn(in: group) {
            let entry = cache.entry(Self.key) { () -> ResponseCache.Entry in
                builds.add(1, ordering: .relaxed)
                release.wait()
                return Self.entry("before-write")
            }
            early.withLock { $0.append(String(decoding: entry.body, as: UTF8.self)) }
        }
        Self.waitUntil { builds.load(ordering: .relaxed) == 1 }
        Self.spawn(in: group) {
            let entry = cache.entry(Self.key) { () -> ResponseCache.Entry in
                builds.add(1, ordering: .relaxed)
                return Self.entry("joined-too-late")
            }
            early.withLock { $0.append(String(decoding: entry.body, as: UTF8.self)) }
        }
        Self.waitUntil { cache.waitingCount(Self.key) == 1 || builds.load(ordering: .relaxed) > 1 }
        #expect(builds.load(ordering: .relaxed) == 1)

        cache.invalidate([Self.key.tag])  // a write of a Norway article, acknowledged
        let late = cache.entry(Self.key) { () -> ResponseCache.Entry in
            builds.add(1, ordering: .relaxed)
            return Self.entry("after-write")
        }
        #expect(String(decoding: late.body, as: UTF8.self) == "after-write")
        #expect(builds.load(ordering: .relaxed) == 2)

        release.signal()
        group.wait()
        #expect(early.withLock { $0 } == ["before-write", "before-write"])
        #expect(cache.entry(Self.key).map { String(decoding: $0.body, as: UTF8.self) } == "after-write")
    }

    /// A failed build hands nothing over: each waiter builds for itself, and the error reaches only the leader.
    @Test func failedBuildLetsWaitersBuild() {
        struct Failure: Error {}
        let cache = ResponseCache()
        let builds = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let leaderFailed = Atomic<Bool>(false)
        Self.spawn(in: group) {
            do {
                _ = try cache.entry(Self.key) { () throws(Failure) -> ResponseCache.Entry in
                    builds.add(1, ordering: .relaxed)
                    release.wait()
                    throw Failure()
                }
            } catch {
                leaderFailed.store(true, ordering: .relaxed)
            }
        }
        Self.waitUntil { builds.load(ordering: .relaxed) == 1 }
        let follower = Collected<String?>(nil)
        Self.spawn(in: group) {
            let entry = cache.entry(Self.key) { () -> ResponseCache.Entry in
                builds.add(1, ordering: .relaxed)
                return Self.entry("follower")
            }
            follower.withLock { $0 = String(decoding: entry.body, as: UTF8.self) }
        }
        Self.waitUntil { cache.waitingCount(Self.key) == 1 || builds.load(ordering: .relaxed) > 1 }
        release.signal()
        group.wait()
        let failed = leaderFailed.load(ordering: .relaxed)
        #expect(failed)
        #expect(follower.withLock { $0 } == "follower")
        #expect(builds.load(ordering: .relaxed) == 2)
    }

    /// Through `Application.handle`: after a write, concurrent GETs of the country's brief build it once, and a GET
    /// after a later write sees that write even while an older build is still running.
    @Test func concurrentBriefRequestsBuildOnce() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = GatedStore(try ArticleStore.open(directory: directory))
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory.path
        configuration.configDirectory = TestEnvironment.configDirectory.path
        let app = Application(
            configuration: configuration, domain: try TestEnvironment.domain(), store: store,
            logger: Logger(label: "test"))
        let context = RequestContext(remoteAddress: "127.0.0.1:1", requestID: "t")
        @Sendable func send(_ method: String, _ path: String, body: String = "") -> Response {
            let request = Request(
                method: method, target: path, path: path,
                headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array(body.utf8))
            return app.handle(request, context: context)
        }
        func articleIDs(_ response: Response) -> [String] {
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            return (json?["articles"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        let first = send("POST", "/v1/articles", body: Self.norwayText(1))
        #expect(first.status == 201)
        #expect(send("GET", "/v1/countries/NO").status == 200)  // builds and caches; the next write drops it
        let second = send("POST", "/v1/articles", body: Self.norwayText(2))
        #expect(second.status == 201)
        store.resetCount()

        store.gate()
        let group = DispatchGroup()
        let answers = Collected<[[UInt8]]>([])
        let requests = 6
        for _ in 0..<requests {
            Self.spawn(in: group) {
                let response = send("GET", "/v1/countries/NO")
                answers.withLock { $0.append(response.body) }
            }
        }
        Self.waitUntil { store.briefCount + app.cache.waitingCount(Self.key) == requests }
        store.open()
        group.wait()
        #expect(store.briefCount == 1)
        let bodies = answers.withLock { $0 }
        #expect(bodies.count == requests && Set(bodies).count == 1)
        #expect(articleIDs(Response(status: 200, body: bodies.first ?? [])).count == 2)

        // An older build still running when a write is acknowledged is not handed to a request after the write.
        let third = send("POST", "/v1/articles", body: Self.norwayText(3))
        #expect(third.status == 201)
        store.resetCount()
        store.gate()
        let stale = Collected<[UInt8]>([])
        Self.spawn(in: group) {
            let response = send("GET", "/v1/countries/NO")
            stale.withLock { $0 = response.body }
        }
        Self.waitUntil { store.briefCount == 1 }
        let fourth = send("POST", "/v1/articles", body: Self.norwayText(4))
        #expect(fourth.status == 201)
        let fresh = send("GET", "/v1/countries/NO")  // the gate holds only the first build
        store.open()
        group.wait()
        #expect(store.briefCount == 2)
        #expect(articleIDs(fresh).count == 4)
        #expect(articleIDs(Response(status: 200, body: stale.withLock { $0 })).count == 3)
        #expect(articleIDs(send("GET", "/v1/countries/NO")).count == 4)
    }

    /// Start-up's warm-up builds the brief of a large country once; requests arriving during that build wait for
    /// it instead of building again, and while it runs they are marked to run off the event loop.
    @Test func warmUpBuildsOnceAndRequestsDuringItWait() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = GatedStore(try ArticleStore.open(directory: directory))
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory.path
        configuration.configDirectory = TestEnvironment.configDirectory.path
        let app = Application(
            configuration: configuration, domain: try TestEnvironment.domain(), store: store,
            logger: Logger(label: "test"))
        let context = RequestContext(remoteAddress: "127.0.0.1:1", requestID: "t")
        @Sendable func request(_ method: String, _ path: String, body: String = "") -> Request {
            Request(
                method: method, target: path, path: path, headers: HTTPHeaders([("Content-Type", "text/plain")]),
                body: Array(body.utf8))
        }
        for number in 1...3 {
            let created = app.handle(request("POST", "/v1/articles", body: Self.norwayText(number)), context: context)
            #expect(created.status == 201)
        }
        store.resetCount()
        store.gate()
        app.briefWarmup.store(true, ordering: .releasing)
        #expect(app.mayBlock(request("GET", "/v1/countries/NO")))
        #expect(!app.mayBlock(request("GET", "/healthz")))
        #expect(app.mayBlock(request("POST", "/v1/articles")))

        let group = DispatchGroup()
        Self.spawn(in: group) { app.warmBriefs(minimumArticles: 2) }
        Self.waitUntil { store.briefCount == 1 }
        let answers = Collected<[Response]>([])
        for _ in 0..<3 {
            Self.spawn(in: group) {
                let response = app.handle(request("GET", "/v1/countries/NO"), context: context)
                answers.withLock { $0.append(response) }
            }
        }
        Self.waitUntil { app.cache.waitingCount(Self.key) == 3 }
        store.open()
        group.wait()
        #expect(store.briefCount == 1)
        let responses = answers.withLock { $0 }
        #expect(responses.map(\.status) == [200, 200, 200])
        #expect(Set(responses.map(\.body)).count == 1)
        #expect(!app.isWarmingBriefs)
        #expect(!app.mayBlock(request("GET", "/v1/countries/NO")))
        #expect(app.handle(request("GET", "/v1/countries/NO"), context: context).status == 200)
        #expect(store.briefCount == 1)
    }

    /// A short news text about Norway; `number` makes each one a different article.
    static func norwayText(_ number: Int) -> String {
        """
        Norway opens new Arctic research station number \(number)
        Norway opened its Arctic research station number \(number) on Tuesday, the government in Oslo said. \
        The station in northern Norway will study sea ice and employ 40 scientists from Norwegian universities.

        Officials in Oslo said the station number \(number) cost 120 million kroner and would open to visiting \
        researchers from other countries next year. Norway has expanded its polar research budget since 2020.
        """
    }
}

/// A store that counts brief builds and, when gated, holds the first build after reading the store until
/// `open()`, so a test can line up concurrent requests behind it.
final class GatedStore: ArticleStoring {
    private let base: ArticleStore
    private let state = Mutex<(count: Int, gated: Bool)>((0, false))
    private let release = DispatchSemaphore(value: 0)

    init(_ base: ArticleStore) { self.base = base }

    var briefCount: Int { state.withLock { $0.count } }
    func resetCount() { state.withLock { $0.count = 0 } }
    func gate() { state.withLock { $0.gated = true } }
    func open() { release.signal() }

    func brief(
        for country: CountryCatalog.Country, since: String?, limit: Int, builder: BriefBuilder,
        nameOf: (String) -> String?
    ) -> CountryBrief {
        let brief = base.brief(for: country, since: since, limit: limit, builder: builder, nameOf: nameOf)
        let holds = state.withLock { state -> Bool in
            state.count += 1
            defer { state.gated = false }
            return state.gated
        }
        if holds { release.wait() }
        return brief
    }

    func insert(_ article: Article) throws(StoreError) -> InsertOutcome { try base.insert(article) }
    func remove(id: String) throws(StoreError) -> Bool { try base.remove(id: id) }
    func article(id: String) -> Article? { base.article(id: id) }
    func page(limit: Int, cursor: String?, country: String?) throws(StoreError) -> ArticlePage {
        try base.page(limit: limit, cursor: cursor, country: country)
    }
    func articles(inCountry country: String) -> [Article] { base.articles(inCountry: country) }
    func countryCounts() -> [String: Int] { base.countryCounts() }
    func writeSnapshot() throws(StoreError) -> SnapshotReport { try base.writeSnapshot() }
    var statistics: StoreStatistics { base.statistics }
}

/// Values the test's threads hand back, behind an `NSLock`: a pthread mutex, whose ordering ThreadSanitizer sees
/// (`Mutex` locks with raw futex calls it does not; see `SanitizerSync`).
private final class Collected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
