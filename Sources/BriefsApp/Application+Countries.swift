import BriefsDomain
import BriefsHTTP
import Foundation

extension Application {
    /// A country from an alpha-2/alpha-3 code or a name, any case. Two ASCII letters (the usual request) are looked
    /// up directly, without Foundation's trimming and case mapping.
    func resolveCountry(_ query: String) -> CountryCatalog.Country? {
        var utf8 = query.utf8.makeIterator()
        if let first = utf8.next(), let second = utf8.next(), utf8.next() == nil,
            let upperFirst = Self.asciiUpperLetter(first), let upperSecond = Self.asciiUpperLetter(second)
        {
            // Two bytes make a small string, built in place without an array or a heap allocation.
            let code = String(unsafeUninitializedCapacity: 2) { buffer in
                buffer[0] = upperFirst
                buffer[1] = upperSecond
                return 2
            }
            return pipeline.catalog.country(code: code)
        }
        return pipeline.catalog.country(matching: query.trimmingCharacters(in: .whitespaces))
    }

    /// "0" to "100": the `limit` of a cache key without formatting an integer per request.
    static let numerals: [String] = (0...100).map { String($0) }

    /// The capital of an ASCII letter, nil for any other byte.
    private static func asciiUpperLetter(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - 32
        default: return nil
        }
    }

    /// `GET /v1/countries`: every country with stored articles.
    func listCountries(_ request: Request) throws -> Response {
        let key = ResponseCache.Key(tag: CacheTags.countryList, variant: "")
        // Every write makes the list stale: concurrent requests after a write share one build.
        let entry = try cache.entry(key) { () throws -> ResponseCache.Entry in
            var items: [CountryListItem] = []
            for (code, summary) in store.countrySummaries() where summary.count > 0 {
                items.append(
                    CountryListItem(
                        code: code, name: pipeline.catalog.country(code: code)?.name ?? code,
                        articleCount: summary.count, lastPublishedAt: summary.latestSortDate))
            }
            items.sort { $0.articleCount != $1.articleCount ? $0.articleCount > $1.articleCount : $0.code < $1.code }
            let body = try APIJSON.encode(CountryList(items: items))
            return ResponseCache.Entry(body: body, etag: Self.etag(of: body), contentType: "application/json")
        }
        return Self.conditional(entry, request)
    }

    /// `GET /v1/countries/{country}?since=&limit=`: the brief.
    func countryBrief(_ query: String, _ request: Request) throws -> Response {
        guard let country = resolveCountry(query) else { throw Problems.unknownCountry(query) }
        let limit = try Self.limit(request, default: Self.defaultBriefLimit)
        var since: String?
        if let raw = request.query("since") {
            guard let value = PublishedDate.strict(raw) else {
                throw Problems.badRequest("since must be YYYY-MM-DD or RFC 3339", parameter: "since")
            }
            since = value
        }
        return Self.conditional(try briefEntry(country, since: since, limit: limit), request)
    }

    /// The `limit` of a brief request without one.
    static let defaultBriefLimit = 20

    /// The encoded brief, from the cache or built. Concurrent requests for the same missing brief share one build
    /// (see `ResponseCache.entry(_:orBuild:)`).
    func briefEntry(_ country: CountryCatalog.Country, since: String?, limit: Int) throws -> ResponseCache.Entry {
        let limitText = limit < Self.numerals.count ? Self.numerals[limit] : String(limit)
        let key = ResponseCache.Key(
            tag: CacheTags.country(country.alpha2), variant: since.map { limitText + "|" + $0 } ?? limitText)
        return try cache.entry(key) { () throws -> ResponseCache.Entry in
            let catalog = pipeline.catalog
            let brief = store.brief(
                for: country, since: since, limit: limit, builder: briefs,
                nameOf: { catalog.country(code: $0)?.name })
            let body = try APIJSON.encode(brief)
            return ResponseCache.Entry(body: body, etag: Self.etag(of: body), contentType: "application/json")
        }
    }

    /// Builds (and caches) the default brief of every country with at least `minimumArticles` articles, largest
    /// first, through the same single-flight path as requests: a request for a country being warmed waits for
    /// that build instead of starting its own, and a write during warm-up makes later requests build afresh as
    /// usual. Stops early when the application stops. Sets `isWarmingBriefs` to false at the end.
    ///
    /// The first build of a country reads all its articles to make its brief index (1.1 s for 88,000), which
    /// would otherwise fall on the first request; smaller countries build in a few milliseconds when first asked.
    /// `minimumArticles` is `warm_brief_min_articles` (0: no warm-up).
    func warmBriefs(minimumArticles: Int) {
        defer { briefWarmup.store(false, ordering: .releasing) }
        guard minimumArticles > 0 else { return }
        let counts = store.countryCounts().filter { $0.value >= minimumArticles }
        guard !counts.isEmpty else { return }
        let started = ContinuousClock.now
        defer {
            logger.info(
                "briefs.warmed",
                metadata: ["briefs.countries": "\(counts.count)", "briefs.duration": "\(ContinuousClock.now - started)"])
        }
        for (code, _) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            if runtime.withLock({ $0.stopped }) { return }
            guard let country = pipeline.catalog.country(code: code) else { continue }
            do {
                _ = try briefEntry(country, since: nil, limit: Self.defaultBriefLimit)
            } catch {
                logger.warning(
                    "briefs.warmup_failed", metadata: ["country": "\(code)", "error": "\(Self.loggable(error))"])
            }
        }
    }

    /// Whether start-up's brief warm-up is still running (brief requests then run off the event loop, since they
    /// may wait for a long first build).
    var isWarmingBriefs: Bool { briefWarmup.load(ordering: .acquiring) }
}

/// The tags of `ResponseCache` entries: what each cached response depends on.
enum CacheTags {
    /// `GET /v1/countries`: changes with any write.
    static let countryList = "countries"

    /// The briefs of a country (alpha-2).
    static func country(_ alpha2: String) -> String { "country:" + alpha2 }

    /// The representations of one article.
    static func article(_ id: String) -> String { "article:" + id }

    /// What a write of `article` (insert or delete) makes stale.
    static func touched(by article: Article) -> [String] {
        [countryList, Self.article(article.id)] + article.countries.map(country)
    }
}
