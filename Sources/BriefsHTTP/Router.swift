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
    /// Each route's pattern, compiled once into plain values (no reference counting while matching).
    private let table: PatternTable

    /// - Precondition: a pattern has at most `RouteParameters.capacity` parameters, each named once.
    public init(routes: [Route]) {
        self.routes = routes
        table = PatternTable(routes.map(\.pattern))
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
        withUnsafeTemporaryAllocation(of: ByteSpan.self, capacity: table.maxSegments + 1) { spans in
            guard let count = Self.split(bytes, into: spans) else { return .notFound }
            let segments = UnsafeBufferPointer(rebasing: spans[..<count])
            var allowed: [String] = []
            var index = 0
            while let found = table.firstMatch(segments, in: bytes, from: index) {
                let route = routes[found]
                if route.method == method || (method == "HEAD" && route.method == "GET") {
                    return .found(route, parameters: table.parameters(of: found, segments, in: path))
                }
                allowed.append(route.method)
                index = found + 1
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

/// The route patterns split into segments once, as flat arrays of plain values: every literal segment's bytes in
/// one buffer, each segment a span into it (or a parameter), each pattern a run of segments.
private struct PatternTable: Sendable {
    /// A pattern segment: a literal (`bytes` spans its text in `literals`) or a parameter.
    struct Segment: Sendable {
        var bytes: ByteSpan
        var isParameter: Bool
    }

    /// Each pattern's segments: `segments[firstSegment[i] ..< firstSegment[i + 1]]`.
    let firstSegment: [Int]
    let segments: [Segment]
    let literals: [UInt8]
    /// The names of each pattern's parameter segments, in order (shared by every match, never copied per request).
    let parameterNames: [[String]]
    /// The most segments any pattern has; a path with more matches nothing.
    let maxSegments: Int

    init(_ patterns: [String]) {
        var firstSegment = [0]
        var segments: [Segment] = []
        var literals: [UInt8] = []
        var parameterNames: [[String]] = []
        for pattern in patterns {
            var names: [String] = []
            for segment in pattern.split(separator: "/", omittingEmptySubsequences: true) {
                if segment.first == "{" && segment.last == "}" && segment.count >= 2 {
                    segments.append(Segment(bytes: ByteSpan(start: 0, end: 0), isParameter: true))
                    names.append(String(segment.dropFirst().dropLast()))
                } else {
                    let start = literals.count
                    literals.append(contentsOf: segment.utf8)
                    segments.append(Segment(bytes: ByteSpan(start: start, end: literals.count), isParameter: false))
                }
            }
            precondition(names.count <= RouteParameters.capacity, "too many parameters in \(pattern)")
            precondition(Set(names).count == names.count, "a parameter named twice in \(pattern)")
            firstSegment.append(segments.count)
            parameterNames.append(names)
        }
        self.firstSegment = firstSegment
        self.segments = segments
        self.literals = literals
        self.parameterNames = parameterNames
        maxSegments = zip(firstSegment, firstSegment.dropFirst()).map { $1 - $0 }.max() ?? 0
    }

    /// The first pattern at or after `start` that the path's segments fit: as many segments, each literal equal
    /// byte for byte (a parameter takes any segment; the split never yields an empty one).
    func firstMatch(_ path: UnsafeBufferPointer<ByteSpan>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int?
    {
        firstSegment.withUnsafeBufferPointer { first in
            segments.withUnsafeBufferPointer { segments in
                literals.withUnsafeBufferPointer { literals in
                    var pattern = start
                    while pattern + 1 < first.count {
                        defer { pattern += 1 }
                        let base = first[pattern]
                        guard first[pattern + 1] - base == path.count else { continue }
                        var fits = true
                        for offset in 0..<path.count where !segments[base + offset].isParameter {
                            let literal = segments[base + offset].bytes
                            let span = path[offset]
                            guard literal.count == span.count,
                                Self.equal(literals, at: Int(literal.start), bytes, at: Int(span.start), literal.count)
                            else {
                                fits = false
                                break
                            }
                        }
                        if fits { return pattern }
                    }
                    return nil
                }
            }
        }
    }

    /// Whether `count` bytes of `lhs` from `lhsStart` equal those of `rhs` from `rhsStart` (both in bounds).
    private static func equal(
        _ lhs: UnsafeBufferPointer<UInt8>, at lhsStart: Int, _ rhs: UnsafeBufferPointer<UInt8>, at rhsStart: Int,
        _ count: Int
    ) -> Bool {
        var offset = 0
        while offset < count {
            if lhs[lhsStart + offset] != rhs[rhsStart + offset] { return false }
            offset += 1
        }
        return true
    }

    /// The parameter segments of a path that matches pattern `index`, as spans into `path`.
    func parameters(of index: Int, _ spans: UnsafeBufferPointer<ByteSpan>, in path: String) -> RouteParameters {
        var parameters = RouteParameters(names: parameterNames[index], source: path)
        var slot = 0
        for offset in 0..<spans.count where segments[firstSegment[index] + offset].isParameter {
            parameters.setSpan(spans[offset], at: slot)
            slot += 1
        }
        return parameters
    }
}
