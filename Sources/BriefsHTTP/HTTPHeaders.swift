/// An ordered list of header fields with case-insensitive lookup (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    public private(set) var entries: [(name: String, value: String)]

    public init(_ entries: [(String, String)] = []) {
        self.entries = entries.map { (name: $0.0, value: $0.1) }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        entries.makeIterator()
    }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        entries.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        let lowered = name.lowercased()
        return entries.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) {
        entries.append((name: name, value: value))
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        entries.append((name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        let lowered = name.lowercased()
        entries.removeAll { $0.name.lowercased() == lowered }
    }

    public var count: Int { entries.count }
}
