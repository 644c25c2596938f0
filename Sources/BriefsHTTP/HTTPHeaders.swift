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
        entries.first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        entries.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
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
        entries.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
    }

    public var count: Int { entries.count }

    /// Makes room for `count` fields, so adding them allocates once.
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }
}

/// Compares field names the way RFC 9110 §5.1 asks (ASCII case-insensitively), without allocating. Case folding
/// maps byte to byte, so names of different UTF-8 lengths differ: that check comes first and settles most calls.
func asciiCaseInsensitiveEquals(_ lhs: String, _ rhs: String) -> Bool {
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { left in
        rhs.withUTF8 { right in
            for index in 0..<left.count where asciiLowercased(left[index]) != asciiLowercased(right[index]) {
                return false
            }
            return true
        }
    }
}
