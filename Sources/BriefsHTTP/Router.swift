/// One entry of the route table: a method, a path pattern with `{name}` segments, and a route name
/// (used in metrics and in the OpenAPI coverage test).
public struct Route: Sendable, Equatable, Hashable {
    public var method: String
    public var pattern: String
    public var name: String

    public init(_ method: String, _ pattern: String, name: String) {
        self.method = method
        self.pattern = pattern
        self.name = name
    }

    var segments: [Substring] { pattern.split(separator: "/", omittingEmptySubsequences: true) }
}

/// The outcome of matching a request against the route table.
public enum RouteMatch: Sendable, Equatable {
    case found(Route, parameters: [String: String])
    /// The path is known but not for this method; `allowed` lists the methods it has (for `Allow`).
    case methodNotAllowed(allowed: [String])
    case notFound
}

/// A route table kept as data, so 404 vs 405 + `Allow` and the OpenAPI coverage come from one place.
public struct Router: Sendable {
    public let routes: [Route]
    /// Each route's pattern split into segments once, here, rather than on every request.
    private let segments: [[Substring]]

    public init(routes: [Route]) {
        self.routes = routes
        self.segments = routes.map(\.segments)
    }

    /// Matches a decoded path. `HEAD` matches `GET` routes (RFC 9110 §9.3.2).
    public func match(method: String, path: String) -> RouteMatch {
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for (route, segments) in zip(routes, segments) {
            guard let parameters = Self.parameters(segments, pathSegments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters: parameters)
            }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }

    static func parameters(_ pattern: [Substring], _ path: [Substring]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        // Literal segments first, so a non-matching route costs no dictionary.
        for (expected, actual) in zip(pattern, path) where !(expected.first == "{" && expected.last == "}") {
            if expected != actual { return nil }
        }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.first == "{" && expected.last == "}" {
                guard !actual.isEmpty else { return nil }
                parameters[String(expected.dropFirst().dropLast())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
