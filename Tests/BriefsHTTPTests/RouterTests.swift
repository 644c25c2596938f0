import Testing

@testable import BriefsHTTP

/// The route table's matching: literal and parameter segments, empty segments, 404 vs 405 with the allowed methods,
/// `HEAD` on `GET` routes, table order, and the parameters handed back.
@Suite struct RouterTests {
    static let healthz = Route("GET", "/healthz", name: "healthz")
    static let listArticles = Route("GET", "/v1/articles", name: "list_articles")
    static let createArticle = Route("POST", "/v1/articles", name: "create_article")
    static let getArticle = Route("GET", "/v1/articles/{id}", name: "get_article")
    static let deleteArticle = Route("DELETE", "/v1/articles/{id}", name: "delete_article")
    static let getBody = Route("GET", "/v1/articles/{id}/body", name: "get_body")
    static let getCountry = Route("GET", "/v1/countries/{country}", name: "get_country")
    static let pair = Route("GET", "/v1/pairs/{left}/with/{right}", name: "pair")
    static let root = Route("GET", "/", name: "root")

    let router = Router(routes: [
        healthz, listArticles, createArticle, getArticle, deleteArticle, getBody, getCountry, pair,
    ])

    @Test func matchesLiteralRoutes() {
        #expect(router.match(method: "GET", path: "/healthz") == .found(Self.healthz, parameters: [:]))
        #expect(router.match(method: "GET", path: "/v1/articles") == .found(Self.listArticles, parameters: [:]))
        #expect(router.match(method: "POST", path: "/v1/articles") == .found(Self.createArticle, parameters: [:]))
    }

    @Test func capturesParameters() {
        let match = router.match(method: "GET", path: "/v1/articles/0123456789abcdef0123")
        #expect(match == .found(Self.getArticle, parameters: ["id": "0123456789abcdef0123"]))
        guard case .found(_, let parameters) = match else { return }
        #expect(parameters["id"] == "0123456789abcdef0123")
        #expect(parameters["other"] == nil)
        #expect(
            router.match(method: "GET", path: "/v1/countries/GB")
                == .found(Self.getCountry, parameters: ["country": "GB"]))
        #expect(
            router.match(method: "GET", path: "/v1/pairs/a/with/bb")
                == .found(Self.pair, parameters: ["left": "a", "right": "bb"]))
    }

    /// The path is already percent-decoded; a decoded value is handed back as it is, spaces and non-ASCII included.
    @Test func parametersKeepDecodedText() {
        for value in ["united kingdom", "Côte d’Ivoire", "%41", "a?b", "日本"] {
            #expect(
                router.match(method: "GET", path: "/v1/countries/" + value)
                    == .found(Self.getCountry, parameters: ["country": value]), "\(value)")
        }
    }

    /// Empty segments (doubled or trailing slashes) are ignored, as in `split(omittingEmptySubsequences:)`.
    @Test func ignoresEmptySegments() {
        #expect(router.match(method: "GET", path: "/healthz/") == .found(Self.healthz, parameters: [:]))
        #expect(router.match(method: "GET", path: "//healthz") == .found(Self.healthz, parameters: [:]))
        #expect(
            router.match(method: "GET", path: "/v1/countries/GB/")
                == .found(Self.getCountry, parameters: ["country": "GB"]))
        #expect(
            router.match(method: "GET", path: "/v1//countries//GB")
                == .found(Self.getCountry, parameters: ["country": "GB"]))
        // An empty segment is not a parameter value: `/v1/countries/` is `/v1/countries`, which has no route.
        #expect(router.match(method: "GET", path: "/v1/countries/") == .notFound)
    }

    @Test func notFound() {
        for path in [
            "/", "", "/nope", "/healthzz", "/health", "/v1/article/x", "/v1/articles/x/y/z", "/v1/articles/x/bodyy",
            "/v2/articles", "/V1/articles", "/v1/pairs/a/wit/b", "/v1/pairs/a/with",
        ] {
            #expect(router.match(method: "GET", path: path) == .notFound, "\(path)")
        }
    }

    /// Methods are case-sensitive tokens (RFC 9110 §9.1).
    @Test func methodNotAllowedListsTheMethodsInTableOrder() {
        #expect(
            router.match(method: "PUT", path: "/v1/articles/abc")
                == .methodNotAllowed(allowed: ["GET", "DELETE", "HEAD"]))
        #expect(
            router.match(method: "DELETE", path: "/v1/articles") == .methodNotAllowed(allowed: ["GET", "POST", "HEAD"]))
        #expect(router.match(method: "get", path: "/healthz") == .methodNotAllowed(allowed: ["GET", "HEAD"]))
        #expect(router.match(method: "POST", path: "/healthz/") == .methodNotAllowed(allowed: ["GET", "HEAD"]))
    }

    /// `HEAD` matches `GET` routes (RFC 9110 §9.3.2); a route declared for `HEAD` is not listed twice.
    @Test func headMatchesGetRoutes() {
        #expect(router.match(method: "HEAD", path: "/healthz") == .found(Self.healthz, parameters: [:]))
        #expect(
            router.match(method: "HEAD", path: "/v1/articles/x") == .found(Self.getArticle, parameters: ["id": "x"]))
        let withHead = Router(routes: [Self.healthz, Route("HEAD", "/healthz", name: "head")])
        #expect(withHead.match(method: "PUT", path: "/healthz") == .methodNotAllowed(allowed: ["GET", "HEAD"]))
        let postOnly = Router(routes: [Self.createArticle])
        #expect(postOnly.match(method: "GET", path: "/v1/articles") == .methodNotAllowed(allowed: ["POST"]))
    }

    /// The first route in table order wins when two patterns match the same path.
    @Test func firstMatchingRouteWins() {
        let literalFirst = Route("GET", "/v1/countries/all", name: "all")
        let router = Router(routes: [literalFirst, Self.getCountry])
        #expect(router.match(method: "GET", path: "/v1/countries/all") == .found(literalFirst, parameters: [:]))
        #expect(
            router.match(method: "GET", path: "/v1/countries/GB")
                == .found(Self.getCountry, parameters: ["country": "GB"]))
        let parameterFirst = Router(routes: [Self.getCountry, literalFirst])
        #expect(
            parameterFirst.match(method: "GET", path: "/v1/countries/all")
                == .found(Self.getCountry, parameters: ["country": "all"]))
    }

    @Test func rootPattern() {
        let router = Router(routes: [Self.root, Self.healthz])
        #expect(router.match(method: "GET", path: "/") == .found(Self.root, parameters: [:]))
        #expect(router.match(method: "GET", path: "//") == .found(Self.root, parameters: [:]))
        #expect(router.match(method: "POST", path: "/") == .methodNotAllowed(allowed: ["GET", "HEAD"]))
        #expect(router.match(method: "GET", path: "/x") == .notFound)
    }

    @Test func emptyTable() {
        #expect(Router(routes: []).match(method: "GET", path: "/") == .notFound)
    }

    /// A literal segment compares bytes exactly: no case folding, no Unicode normalization.
    @Test func literalSegmentsCompareBytes() {
        let accented = Route("GET", "/café", name: "cafe")
        let router = Router(routes: [accented])
        #expect(router.match(method: "GET", path: "/café") == .found(accented, parameters: [:]))
        #expect(router.match(method: "GET", path: "/cafe\u{301}") == .notFound)
        #expect(router.match(method: "GET", path: "/CAFÉ") == .notFound)
    }
}
