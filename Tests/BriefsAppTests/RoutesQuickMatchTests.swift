import BriefsHTTP
import Testing

@testable import BriefsApp

/// `Routes.quickMatch` answers only what the route table would answer, and leaves everything else to it.
@Suite struct RoutesQuickMatchTests {
    let router = Router(routes: Routes.all)

    @Test func agreesWithTheRouterWhereItAnswers() {
        let paths = [
            "/healthz", "/v1/countries/GB", "/v1/countries/united%20kingdom", "/v1/countries/Côte d’Ivoire",
            "/v1/articles/0123456789abcdef", "/v1/articles/x",
        ]
        for path in paths {
            let quick = Routes.quickMatch(method: "GET", path: path)
            #expect(quick != nil, "\(path)")
            #expect(quick == router.match(method: "GET", path: path), "\(path)")
        }
    }

    @Test func leavesOtherRequestsToTheRouter() {
        let cases: [(String, String)] = [
            ("HEAD", "/healthz"), ("POST", "/v1/articles/abc"), ("DELETE", "/v1/articles/abc"),
            ("GET", "/v1/countries/"), ("GET", "/v1/countries"), ("GET", "/v1/countries/GB/"),
            ("GET", "/v1/countries//GB"), ("GET", "/v1/articles/abc/body"), ("GET", "/v1/articles/abc/facts"),
            ("GET", "/healthz/"), ("GET", "/v1/articles"), ("GET", "/metrics"),
        ]
        for (method, path) in cases {
            #expect(Routes.quickMatch(method: method, path: path) == nil, "\(method) \(path)")
        }
    }
}
