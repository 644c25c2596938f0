import BriefsHTTP

/// The route table of API v1, as data: the router, the 404/405 logic and the OpenAPI coverage test all use it.
public enum Routes {
    public static let healthz = Route("GET", "/healthz", name: "healthz")
    public static let metrics = Route("GET", "/metrics", name: "metrics")
    public static let openAPI = Route("GET", "/openapi.json", name: "openapi")
    public static let createArticle = Route("POST", "/v1/articles", name: "create_article")
    public static let listArticles = Route("GET", "/v1/articles", name: "list_articles")
    public static let getArticle = Route("GET", "/v1/articles/{id}", name: "get_article")
    public static let deleteArticle = Route("DELETE", "/v1/articles/{id}", name: "delete_article")
    public static let getBody = Route("GET", "/v1/articles/{id}/body", name: "get_article_body")
    public static let getFacts = Route("GET", "/v1/articles/{id}/facts", name: "get_article_facts")
    public static let listCountries = Route("GET", "/v1/countries", name: "list_countries")
    public static let getCountry = Route("GET", "/v1/countries/{country}", name: "get_country_brief")
    public static let snapshot = Route("POST", "/v1/admin/snapshot", name: "admin_snapshot")

    public static let all: [Route] = [
        healthz, metrics, openAPI, createArticle, listArticles, getArticle, deleteArticle, getBody, getFacts,
        listCountries, getCountry, snapshot,
    ]

    /// Routes that need the API token when one is configured.
    static let protected: Set<String> = [createArticle.name, deleteArticle.name, snapshot.name]

    /// The match of the hottest requests (`GET /healthz`, `GET /v1/countries/{country}`, `GET /v1/articles/{id}`)
    /// found by comparing prefixes, or nil to ask the `Router`. Gives what `Router.match` gives for these paths (a
    /// path with an empty or a further segment, or any other method, falls through to it); walking the table
    /// splits the path into substrings and tries every route, which was most of a cached GET's application time.
    static func quickMatch(method: String, path: String) -> RouteMatch? {
        guard method == "GET" else { return nil }
        if path == healthz.pattern { return .found(healthz, parameters: [:]) }
        if let code = lastSegment(of: path, after: "/v1/countries/") {
            return .found(getCountry, parameters: ["country": code])
        }
        if let id = lastSegment(of: path, after: "/v1/articles/") {
            return .found(getArticle, parameters: ["id": id])
        }
        return nil
    }

    /// What follows `prefix` in `path` when that is one non-empty segment (no `/`), else nil.
    private static func lastSegment(of path: String, after prefix: StaticString) -> String? {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let utf8 = path.utf8
        guard utf8.count > prefixBytes.count, utf8.starts(with: prefixBytes) else { return nil }
        let rest = utf8.dropFirst(prefixBytes.count)
        guard !rest.contains(UInt8(ascii: "/")) else { return nil }
        return String(Substring(rest))
    }
}
