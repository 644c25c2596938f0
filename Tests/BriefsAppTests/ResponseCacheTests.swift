import BriefsDomain
import BriefsHTTP
import BriefsStore
import Foundation
import Testing

@testable import BriefsApp

/// `ResponseCache`: byte budget with LRU eviction, invalidation by tag, stale builds dropped; and the handlers'
/// use of it (a write invalidates only the briefs of the countries it touches).
@Suite struct ResponseCacheTests {
    func entry(_ size: Int, _ fill: UInt8 = 0x61) -> ResponseCache.Entry {
        ResponseCache.Entry(body: [UInt8](repeating: fill, count: size), etag: "\"e\"", contentType: "application/json")
    }

    func key(_ tag: String, _ variant: String = "") -> ResponseCache.Key {
        ResponseCache.Key(tag: tag, variant: variant)
    }

    @Test func storesAndFindsWithPrebuiltHeaders() {
        let cache = ResponseCache(byteBudget: 1 << 20, shardCount: 4)
        cache.store(entry(100), for: key("country:FR", "20"), token: cache.token(for: "country:FR"))
        let found = cache.entry(key("country:FR", "20"))
        #expect(found?.body.count == 100)
        #expect(found?.headers["ETag"] == "\"e\"")
        #expect(found?.headers["Cache-Control"] == "no-cache")
        #expect(cache.entry(key("country:FR", "10")) == nil)
    }

    @Test func evictsLeastRecentlyUsedWithinBudget() {
        // One shard, room for three entries of 1,000 bytes (each is charged 1,000 + overhead).
        let cost = entry(1000).cost
        let cache = ResponseCache(byteBudget: cost * 3, shardCount: 1)
        for name in ["a", "b", "c"] {
            cache.store(entry(1000), for: key(name), token: cache.token(for: name))
        }
        #expect(cache.entry(key("a")) != nil)  // "a" is now the most recently used; "b" the least
        cache.store(entry(1000), for: key("d"), token: cache.token(for: "d"))
        #expect(cache.entry(key("b")) == nil)
        #expect(cache.entry(key("a")) != nil)
        #expect(cache.entry(key("c")) != nil)
        #expect(cache.entry(key("d")) != nil)
        #expect(cache.usage.entries == 3)
        #expect(cache.usage.bytes <= cost * 3)
    }

    @Test func entryLargerThanAShardIsNotKept() {
        let cache = ResponseCache(byteBudget: 4000, shardCount: 2)
        cache.store(entry(3000), for: key("big"), token: cache.token(for: "big"))
        #expect(cache.entry(key("big")) == nil)
        #expect(cache.usage.bytes == 0)
    }

    @Test func invalidationDropsOnlyItsTag() {
        let cache = ResponseCache(byteBudget: 1 << 20, shardCount: 1)
        for (tag, variant) in [("country:FR", "20"), ("country:FR", "5"), ("country:JP", "20"), ("countries", "")] {
            cache.store(entry(10), for: key(tag, variant), token: cache.token(for: tag))
        }
        cache.invalidate(["country:FR", "countries"])
        #expect(cache.entry(key("country:FR", "20")) == nil)
        #expect(cache.entry(key("country:FR", "5")) == nil)
        #expect(cache.entry(key("countries")) == nil)
        #expect(cache.entry(key("country:JP", "20")) != nil)
        #expect(cache.usage.entries == 1)
    }

    @Test func buildThatRacedAWriteIsNotCached() {
        let cache = ResponseCache(byteBudget: 1 << 20, shardCount: 1)
        let token = cache.token(for: "country:FR")
        cache.invalidate(["country:JP"])  // another tag: the build is still fresh
        cache.store(entry(10), for: key("country:FR"), token: token)
        #expect(cache.entry(key("country:FR")) != nil)

        let stale = cache.token(for: "country:FR")
        cache.invalidate(["country:FR"])  // a write landed while the response was being built
        cache.store(entry(10), for: key("country:FR"), token: stale)
        #expect(cache.entry(key("country:FR")) == nil)
    }

    @Test func tokenOlderThanTheRememberedInvalidationsIsStale() {
        let cache = ResponseCache(byteBudget: 1 << 20, shardCount: 1)
        let token = cache.token(for: "country:FR")
        for index in 0...ResponseCache.rememberedInvalidations {
            cache.invalidate(["article:\(index)"])
        }
        cache.store(entry(10), for: key("country:FR"), token: token)
        #expect(cache.entry(key("country:FR")) == nil)
    }

    // MARK: Through the handlers

    static let franceText = """
        Paris council approves new tram line
        The council of Paris in France approved a new tram line on Monday, officials said, after two years of debate.
        The line will link the northern districts with the centre of the French capital and carry 90,000 people a day.
        Construction is to start next spring and finish within four years, the mayor told reporters in Paris.
        """
    static let japanText = """
        Osaka port expands container terminal
        The port of Osaka in Japan will expand its container terminal, the city said on Tuesday, to meet rising trade.
        The project adds two berths and is expected to raise capacity by a third when it opens in three years.
        Shipping companies in Japan welcomed the plan, saying the harbour had been running close to its limit.
        """
    static let secondFranceText = """
        Lyon opens riverside park
        The city of Lyon in France opened a riverside park on Saturday, a project that took six years to complete.
        The park stretches along the river for two kilometres and includes playgrounds, cycle paths and gardens.
        Residents of Lyon gathered by the thousands for the opening, the city hall said in a statement.
        """

    @Test func writeInvalidatesOnlyTheBriefsOfItsCountries() throws {
        let app = try InProcessApp()
        let plain = [("Content-Type", "text/plain")]
        #expect(app.send("POST", "/v1/articles", headers: plain, body: Self.franceText).status == 201)
        #expect(app.send("POST", "/v1/articles", headers: plain, body: Self.japanText).status == 201)
        let france = app.send("GET", "/v1/countries/FR")
        let japan = app.send("GET", "/v1/countries/jp")
        #expect(france.status == 200)
        #expect(japan.status == 200)
        let cache = app.application.cache
        let franceKey = ResponseCache.Key(tag: CacheTags.country("FR"), variant: "20")
        let japanKey = ResponseCache.Key(tag: CacheTags.country("JP"), variant: "20")
        #expect(cache.entry(franceKey) != nil)
        #expect(cache.entry(japanKey) != nil)

        #expect(app.send("POST", "/v1/articles", headers: plain, body: Self.secondFranceText).status == 201)
        #expect(cache.entry(franceKey) == nil)
        #expect(cache.entry(japanKey)?.body == japan.body)
        let franceAfter = app.send("GET", "/v1/countries/FR")
        #expect(franceAfter.body != france.body)
        #expect(franceAfter.headers["ETag"] != france.headers["ETag"])
        #expect(Self.articleCount(franceAfter) == 2)
        #expect(app.send("GET", "/v1/countries/JP").headers["ETag"] == japan.headers["ETag"])

        // Deleting the Japanese article invalidates Japan's brief, not France's.
        let id = try #require(app.send("GET", "/v1/articles?country=JP").json?["items"] as? [[String: Any]])
            .first?["id"] as? String
        #expect(app.send("DELETE", "/v1/articles/\(try #require(id))").status == 204)
        #expect(cache.entry(japanKey) == nil)
        #expect(cache.entry(franceKey) != nil)
        #expect(app.send("GET", "/v1/articles/\(try #require(id))").status == 404)
    }

    @Test func countryListFollowsWrites() throws {
        let app = try InProcessApp()
        let plain = [("Content-Type", "text/plain")]
        #expect(app.send("POST", "/v1/articles", headers: plain, body: Self.franceText).status == 201)
        let before = app.send("GET", "/v1/countries")
        #expect(app.send("POST", "/v1/articles", headers: plain, body: Self.japanText).status == 201)
        let after = app.send("GET", "/v1/countries")
        #expect(before.body != after.body)
        let items = after.json?["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["code"] as? String == "JP" })
        // Each country's last date is its newest article's (published, else ingested).
        for item in items {
            let code = try #require(item["code"] as? String)
            let newest = try #require(
                (app.send("GET", "/v1/articles?country=\(code)").json?["items"] as? [[String: Any]])?.first)
            let expected = (newest["published_at"] as? String) ?? (newest["ingested_at"] as? String)
            #expect(item["last_published_at"] as? String == expected)
            #expect(expected != nil)
        }
    }

    static func articleCount(_ response: Response) -> Int? {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["article_count"] as? Int
    }
}

/// The hand-written JSON of the POST answer is byte for byte what `JSONEncoder` gives.
@Suite struct JSONBytesTests {
    @Test func summaryMatchesJSONEncoder() throws {
        let app = try InProcessApp()
        let text = "Quotes \"here\" and a back\\slash, a tab\there, a bell \u{07}, é and 東京 in Tokyo, Japan.\n"
            + TestEnvironment.sampleText
        let response = app.send("POST", "/v1/articles", headers: [("Content-Type", "text/plain")], body: text)
        #expect(response.status == 201)
        let id = try #require(response.json?["id"] as? String)
        let article = try #require(app.application.store.article(id: id))
        #expect(ArticleSummary(article: article).jsonBytes == (try APIJSON.encode(ArticleSummary(article: article))))
        #expect(response.body == (try APIJSON.encode(ArticleSummary(article: article))))
    }

    @Test func stringEscapesMatchJSONEncoder() throws {
        var samples = ["plain", "a/b", "quote \" backslash \\", "é 東京 🚀", "\u{2028}\u{2029}", ""]
        samples.append(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self))
        for sample in samples {
            var json = JSONWriter()
            json.string(sample)
            #expect(json.bytes == (try APIJSON.encode([sample])).dropFirst().dropLast().map { $0 })
        }
        var null = JSONWriter()
        null.string(nil)
        #expect(null.bytes == Array("null".utf8))
    }
}

/// Lock-free counters: the exposition text is what the locked version printed.
@Suite struct MetricsTests {
    @Test func countsByRouteAndStatusAndBuckets() {
        let metrics = Metrics(routes: ["healthz", "get_article"])
        metrics.record(route: "healthz", status: 200, nanoseconds: 100_000)
        metrics.record(route: "healthz", status: 200, nanoseconds: 3_000_000)
        metrics.record(route: "get_article", status: 404, seconds: 0.02)
        metrics.record(route: "none", status: 431, seconds: nil)
        metrics.record(route: "other", status: 299, seconds: nil)
        let text = metrics.render(articles: 3, journalBytes: 10, secondsSinceSnapshot: nil, connections: 1)
        #expect(text.contains("newsbriefs_requests_total{route=\"healthz\",status=\"200\"} 2\n"))
        #expect(text.contains("newsbriefs_requests_total{route=\"get_article\",status=\"404\"} 1\n"))
        #expect(text.contains("newsbriefs_requests_total{route=\"none\",status=\"431\"} 1\n"))
        #expect(text.contains("newsbriefs_requests_total{route=\"other\",status=\"299\"} 1\n"))
        #expect(text.contains("newsbriefs_request_duration_seconds_bucket{le=\"0.0005\"} 1\n"))
        #expect(text.contains("newsbriefs_request_duration_seconds_bucket{le=\"0.005\"} 2\n"))
        #expect(text.contains("newsbriefs_request_duration_seconds_bucket{le=\"0.025\"} 3\n"))
        #expect(text.contains("newsbriefs_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"))
        #expect(text.contains("newsbriefs_request_duration_seconds_count 3\n"))
    }
}
