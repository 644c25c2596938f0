/// The values of a matched route's `{name}` segments.
///
/// Kept as byte ranges into the request's path plus the route's parameter names (shared with the router), so a
/// match costs no dictionary and no string; a value becomes a `String` only when asked for (and a value of up to
/// 15 UTF-8 bytes, such as a country code, is a small string that needs no allocation either). Holds at most
/// `capacity` parameters. A dictionary literal makes one too (tests, expected matches).
public struct RouteParameters: Sendable, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// The most parameters a pattern may have.
    public static let capacity = 4

    /// The parameter names, in pattern order.
    public let names: [String]
    /// The text the spans point into: the path, or the values of a literal laid end to end.
    private let source: String
    private var spans: (ByteSpan, ByteSpan, ByteSpan, ByteSpan)

    init(names: [String], source: String) {
        precondition(names.count <= Self.capacity, "more than \(Self.capacity) route parameters")
        self.names = names
        self.source = source
        let empty = ByteSpan(start: 0, end: 0)
        spans = (empty, empty, empty, empty)
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        var source = ""
        var spans: [ByteSpan] = []
        for (_, value) in elements {
            let start = source.utf8.count
            source += value
            spans.append(ByteSpan(start: start, end: source.utf8.count))
        }
        self.init(names: elements.map(\.0), source: source)
        for (slot, span) in spans.enumerated() { setSpan(span, at: slot) }
    }

    mutating func setSpan(_ span: ByteSpan, at slot: Int) {
        switch slot {
        case 0: spans.0 = span
        case 1: spans.1 = span
        case 2: spans.2 = span
        case 3: spans.3 = span
        default: preconditionFailure("route parameter slot \(slot) out of range")
        }
    }

    private func span(at slot: Int) -> ByteSpan {
        switch slot {
        case 0: return spans.0
        case 1: return spans.1
        case 2: return spans.2
        default: return spans.3
        }
    }

    /// The number of parameters.
    public var count: Int { names.count }

    /// The value of parameter `name`, nil when the route has none of that name.
    public subscript(name: String) -> String? {
        guard let slot = names.firstIndex(of: name) else { return nil }
        return String(value(at: slot))
    }

    /// The value of the parameter at `slot` (pattern order) as a slice of the path.
    public func value(at slot: Int) -> Substring {
        precondition(slot >= 0 && slot < count, "route parameter slot \(slot) out of range")
        let span = span(at: slot)
        let utf8 = source.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(span.start))
        let end = utf8.index(start, offsetBy: span.count)
        // Spans start and end at `/` boundaries or the ends of the text, which are scalar boundaries.
        return Substring(utf8[start..<end])
    }

    /// Every parameter by name.
    public var dictionary: [String: String] {
        var dictionary: [String: String] = [:]
        for (slot, name) in names.enumerated() { dictionary[name] = String(value(at: slot)) }
        return dictionary
    }

    public var description: String { dictionary.description }

    /// Equal when they name the same parameters with the same values (order aside).
    public static func == (lhs: RouteParameters, rhs: RouteParameters) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (slot, name) in lhs.names.enumerated() {
            guard let other = rhs.names.firstIndex(of: name), lhs.value(at: slot) == rhs.value(at: other) else {
                return false
            }
        }
        return true
    }
}
