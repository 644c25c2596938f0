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
}

/// The outcome of matching a request against the route table.
public enum RouteMatch: Sendable, Equatable {
    case found(Route, parameters: RouteParameters)
    /// The path is known but not for this method; `allowed` lists the methods it has (for `Allow`).
    case methodNotAllowed(allowed: [String])
    case notFound
}

/// A route table kept as data, so 404 vs 405 + `Allow` and the OpenAPI coverage come from one place.
///
/// Matching walks the path's UTF-8 bytes against the patterns, split into segments once at `init`: the path is
/// cut at `/` into at most as many segments as the longest pattern has (kept on the stack), empty segments
/// (doubled or trailing slashes) are skipped, literal segments compare bytes, and a `{name}` segment takes any
/// non-empty segment. The parameters of a match are byte ranges into the path (`RouteParameters`), so matching a
/// request allocates nothing unless it ends in 405, whose `Allow` list is built then.
///
/// The path is the percent-decoded one (`Request.path`): `%2F` has become `/` and splits segments like any other
/// slash. Literal segments compare bytes, not Unicode canonical equivalence (RFC 3986 §6.2.1: paths compare
/// octet by octet).
public struct Router: Sendable {
    public let routes: [Route]
    /// Each route's pattern compiled once, in table order.
    private let compiled: [CompiledPattern]
    /// The most segments any pattern has; a path with more matches nothing.
    private let maxSegments: Int

    /// - Precondition: a pattern has at most `RouteParameters.capacity` parameters, each named once.
    public init(routes: [Route]) {
        self.routes = routes
        self.compiled = routes.map { CompiledPattern($0.pattern) }
        self.maxSegments = compiled.map(\.segments.count).max() ?? 0
    }

    /// Matches a decoded path. `HEAD` matches `GET` routes (RFC 9110 §9.3.2).
    public func match(method: String, path: String) -> RouteMatch {
        if let match = path.utf8.withContiguousStorageIfAvailable({ match(method: method, path: path, bytes: $0) }) {
            return match
        }
        var contiguous = path
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable {
            match(method: method, path: contiguous, bytes: $0)
        } ?? .notFound
    }

    /// `match(method:path:)` over `path`'s bytes.
    private func match(method: String, path: String, bytes: UnsafeBufferPointer<UInt8>) -> RouteMatch {
        withUnsafeTemporaryAllocation(of: ByteSpan.self, capacity: maxSegments + 1) { spans in
            guard let count = Self.split(bytes, into: spans) else { return .notFound }
            let segments = UnsafeBufferPointer(rebasing: spans[..<count])
            var allowed: [String] = []
            for (index, pattern) in compiled.enumerated() where pattern.matches(segments, in: bytes) {
                let route = routes[index]
                if route.method == method || (method == "HEAD" && route.method == "GET") {
                    return .found(route, parameters: pattern.parameters(segments, in: path))
                }
                allowed.append(route.method)
            }
            if allowed.isEmpty { return .notFound }
            if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
            return .methodNotAllowed(allowed: allowed)
        }
    }

    /// Writes the non-empty `/`-separated segments of `path` to `spans`; nil when there are more than
    /// `spans.count - 1` (more than any pattern has, so nothing matches).
    private static func split(_ path: UnsafeBufferPointer<UInt8>, into spans: UnsafeMutableBufferPointer<ByteSpan>)
        -> Int?
    {
        let limit = spans.count - 1
        var count = 0
        var start = 0
        var index = 0
        while index <= path.count {
            if index == path.count || path[index] == UInt8(ascii: "/") {
                if index > start {
                    guard count < limit else { return nil }
                    spans.initializeElement(at: count, to: ByteSpan(start: start, end: index))
                    count += 1
                }
                start = index + 1
            }
            index += 1
        }
        return count
    }
}

/// A half-open range of byte offsets into a path, two 32-bit offsets (a request line is at most 16 KiB).
struct ByteSpan: Sendable, Equatable {
    var start: UInt32
    var end: UInt32

    init(start: Int, end: Int) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    var count: Int { Int(end - start) }
}

/// A route pattern split into segments once: literal bytes, or a parameter.
private struct CompiledPattern: Sendable {
    enum Segment: Sendable {
        case literal([UInt8])
        case parameter
    }

    let segments: [Segment]
    /// The names of the parameter segments, in order (shared by every match, never copied per request).
    let parameterNames: [String]

    init(_ pattern: String) {
        var segments: [Segment] = []
        var names: [String] = []
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            if segment.first == "{" && segment.last == "}" && segment.count >= 2 {
                segments.append(.parameter)
                names.append(String(segment.dropFirst().dropLast()))
            } else {
                segments.append(.literal(Array(segment.utf8)))
            }
        }
        precondition(names.count <= RouteParameters.capacity, "too many parameters in \(pattern)")
        precondition(Set(names).count == names.count, "a parameter named twice in \(pattern)")
        self.segments = segments
        parameterNames = names
    }

    /// Whether the path's segments fit: as many, each literal equal byte for byte (parameters take any segment;
    /// the split never yields an empty one).
    func matches(_ path: UnsafeBufferPointer<ByteSpan>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard path.count == segments.count else { return false }
        for (segment, span) in zip(segments, path) {
            guard case .literal(let literal) = segment else { continue }
            guard literal.count == span.count else { return false }
            let equal = literal.withUnsafeBufferPointer { literal in
                var offset = 0
                var position = Int(span.start)
                while offset < literal.count {
                    if literal[offset] != bytes[position] { return false }
                    offset += 1
                    position += 1
                }
                return true
            }
            if !equal { return false }
        }
        return true
    }

    /// The parameter segments of a matching path, as spans into `path`.
    func parameters(_ spans: UnsafeBufferPointer<ByteSpan>, in path: String) -> RouteParameters {
        var parameters = RouteParameters(names: parameterNames, source: path)
        var slot = 0
        for (segment, span) in zip(segments, spans) {
            guard case .parameter = segment else { continue }
            parameters.setSpan(span, at: slot)
            slot += 1
        }
        return parameters
    }
}
