import BriefsHTTP
import Testing

@testable import BriefsApp

/// The API's own route table through `Router`: the hot GET routes, and the paths next to them that must go
/// elsewhere (another route, 404 or 405 with `Allow`).
@Suite struct RouterRoutesTests {
    let router = Router(routes: Routes.all)

    @Test func hotRoutes() {
        #expect(router.match(method: "GET", path: "/healthz") == .found(Routes.healthz, parameters: [:]))
        for code in ["GB", "united kingdom", "Côte d’Ivoire"] {
            #expect(
                router.match(method: "GET", path: "/v1/countries/" + code)
                    == .found(Routes.getCountry, parameters: ["country": code]), "\(code)")
        }
        for id in ["0123456789abcdef", "x"] {
            #expect(
                router.match(method: "GET", path: "/v1/articles/" + id)
                    == .found(Routes.getArticle, parameters: ["id": id]), "\(id)")
        }
    }

    @Test func neighboursOfTheHotRoutes() {
        let cases: [(String, String, RouteMatch)] = [
            ("HEAD", "/healthz", .found(Routes.healthz, parameters: [:])),
            ("GET", "/healthz/", .found(Routes.healthz, parameters: [:])),
            ("POST", "/healthz", .methodNotAllowed(allowed: ["GET", "HEAD"])),
            ("POST", "/v1/articles/abc", .methodNotAllowed(allowed: ["GET", "DELETE", "HEAD"])),
            ("DELETE", "/v1/articles/abc", .found(Routes.deleteArticle, parameters: ["id": "abc"])),
            ("GET", "/v1/countries/", .found(Routes.listCountries, parameters: [:])),
            ("GET", "/v1/countries", .found(Routes.listCountries, parameters: [:])),
            ("GET", "/v1/countries/GB/", .found(Routes.getCountry, parameters: ["country": "GB"])),
            ("GET", "/v1/countries//GB", .found(Routes.getCountry, parameters: ["country": "GB"])),
            ("GET", "/v1/countries/GB/x", .notFound),
            ("GET", "/v1/articles/abc/body", .found(Routes.getBody, parameters: ["id": "abc"])),
            ("GET", "/v1/articles/abc/facts", .found(Routes.getFacts, parameters: ["id": "abc"])),
            ("GET", "/v1/articles", .found(Routes.listArticles, parameters: [:])),
            ("POST", "/v1/articles", .found(Routes.createArticle, parameters: [:])),
            ("PUT", "/v1/articles", .methodNotAllowed(allowed: ["POST", "GET", "HEAD"])),
            ("GET", "/metrics", .found(Routes.metrics, parameters: [:])),
            ("GET", "/v1/admin/snapshot", .methodNotAllowed(allowed: ["POST"])),
            ("GET", "/", .notFound),
        ]
        for (method, path, expected) in cases {
            #expect(router.match(method: method, path: path) == expected, "\(method) \(path)")
        }
    }
}
