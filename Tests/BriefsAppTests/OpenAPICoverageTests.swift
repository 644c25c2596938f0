import BriefsApp
import Foundation
import Testing

@Suite struct OpenAPICoverageTests {
    @Test func everyRouteIsDocumented() throws {
        let data = try Data(contentsOf: TestEnvironment.configDirectory.appendingPathComponent("openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        for route in Routes.all {
            let item = paths[route.pattern] as? [String: Any]
            #expect(item != nil, "path \(route.pattern) missing from openapi.json")
            let operation = item?[route.method.lowercased()] as? [String: Any]
            #expect(operation != nil, "\(route.method) \(route.pattern) missing from openapi.json")
            #expect(operation?["operationId"] as? String == route.name)
        }
    }

    @Test func everyDocumentedOperationIsRouted() throws {
        let data = try Data(contentsOf: TestEnvironment.configDirectory.appendingPathComponent("openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods = ["get", "post", "put", "delete", "patch"]
        for (path, item) in paths {
            for method in methods where item[method] != nil {
                #expect(
                    Routes.all.contains { $0.pattern == path && $0.method.lowercased() == method },
                    "\(method) \(path) is documented but not routed")
            }
        }
    }
}
