/// Scalar offsets (`Mention`) into a body text, turned into UTF-8 offsets and slices of that text.
///
/// Mentions count Unicode scalars; slices need UTF-8 positions. For ASCII text they are the same. Otherwise a cursor
/// walks the UTF-8 bytes (a scalar starts at every byte that is not a continuation byte `10xxxxxx`) from the last
/// position asked for, so mentions asked in increasing order cost one pass over the text.
public struct ScalarOffsets {
    public let text: String
    private let isASCII: Bool
    private let utf8Count: Int
    /// The last position found: scalar offset and UTF-8 offset.
    private var cursor = (scalar: 0, utf8: 0)

    public init(_ text: String) {
        self.text = text
        var copy = text
        isASCII = copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return true }
            var index = 0
            // Eight bytes at a time: any byte with its high bit set makes the text non-ASCII.
            while index + 8 <= buffer.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < buffer.count {
                if buffer[index] >= 0x80 { return false }
                index += 1
            }
            return true
        }
        utf8Count = text.utf8.count
    }

    /// The UTF-8 offset of scalar `target`, or nil past the end (or before the start).
    public mutating func utf8Offset(ofScalar target: Int) -> Int? {
        guard target >= 0 else { return nil }
        if isASCII { return target <= utf8Count ? target : nil }
        if target < cursor.scalar { cursor = (0, 0) }
        var (scalar, offset) = cursor
        var copy = text
        let found: Int? = copy.withUTF8 { buffer in
            while scalar < target {
                guard offset < buffer.count else { return nil }
                offset += 1
                while offset < buffer.count && buffer[offset] & 0xC0 == 0x80 { offset += 1 }
                scalar += 1
            }
            return offset
        }
        cursor = (scalar, offset)
        return found
    }

    /// The UTF-8 range of the mention's scalar range; nil when out of range.
    public mutating func utf8Range(_ mention: Mention) -> Range<Int>? {
        guard mention.start >= 0, mention.start <= mention.end, let lower = utf8Offset(ofScalar: mention.start),
            let upper = utf8Offset(ofScalar: mention.end)
        else { return nil }
        return lower..<upper
    }

    /// The text between the mention's scalar offsets, sharing the text's storage; nil when out of range.
    public mutating func slice(_ mention: Mention) -> Substring? {
        guard let range = utf8Range(mention) else { return nil }
        return Self.slice(text, utf8: range)
    }

    /// Whether `candidate` has exactly the bytes of the text at `mention`.
    public mutating func holds(_ candidate: Substring, at mention: Mention) -> Bool {
        guard let slice = slice(mention) else { return false }
        return slice.utf8.elementsEqual(candidate.utf8)
    }

    /// `text[range]` for a UTF-8 range (which must lie on scalar boundaries), sharing the text's storage.
    static func slice(_ text: String, utf8 range: Range<Int>) -> Substring {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        // Through the scalar view: `String`'s own subscript would round the bounds down to `Character` boundaries.
        return Substring(text.unicodeScalars[lower..<upper])
    }
}
