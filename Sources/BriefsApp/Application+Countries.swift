import BriefsDomain
import BriefsHTTP
import Foundation

extension Application {
    /// A country from an alpha-2/alpha-3 code or a name, any case.
    func resolveCountry(_ query: String) -> CountryCatalog.Country? {
        pipeline.catalog.country(matching: query.trimmingCharacters(in: .whitespaces))
    }

    /// `GET /v1/countries`: every country with stored articles.
    func listCountries(_ request: Request) throws -> Response {
        let generation = store.statistics.generation
        let key = "countries"
        if let cached = cache.entry(key, generation: generation) { return Self.conditional(cached, request) }
        var items: [CountryListItem] = []
        for (code, count) in store.countryCounts() where count > 0 {
            let articles = store.articles(inCountry: code)
            items.append(
                CountryListItem(
                    code: code, name: pipeline.catalog.country(code: code)?.name ?? code, articleCount: count,
                    lastPublishedAt: articles.map(\.sortDate).max()))
        }
        items.sort { $0.articleCount != $1.articleCount ? $0.articleCount > $1.articleCount : $0.code < $1.code }
        let body = try APIJSON.encode(CountryList(items: items))
        let entry = ResponseCache.Entry(body: body, etag: Self.etag(of: body), contentType: "application/json")
        cache.store(entry, for: key, generation: generation)
        return Self.conditional(entry, request)
    }

    /// `GET /v1/countries/{country}?since=&limit=`: the brief.
    func countryBrief(_ query: String, _ request: Request) throws -> Response {
        guard let country = resolveCountry(query) else { throw Problems.unknownCountry(query) }
        let limit = try Self.limit(request, default: 20)
        var since: String?
        if let raw = request.query("since") {
            guard let value = PublishedDate.strict(raw) else {
                throw Problems.badRequest("since must be YYYY-MM-DD or RFC 3339", parameter: "since")
            }
            since = value
        }
        let generation = store.statistics.generation
        let key = "brief|\(country.alpha2)|\(since ?? "")|\(limit)"
        if let cached = cache.entry(key, generation: generation) { return Self.conditional(cached, request) }
        let catalog = pipeline.catalog
        let brief = store.brief(
            for: country, since: since, limit: limit, builder: briefs, nameOf: { catalog.country(code: $0)?.name })
        let body = try APIJSON.encode(brief)
        let entry = ResponseCache.Entry(body: body, etag: Self.etag(of: body), contentType: "application/json")
        cache.store(entry, for: key, generation: generation)
        return Self.conditional(entry, request)
    }
}
