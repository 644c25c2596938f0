/// A text indexed by Unicode scalar, the unit of every offset in facts.
///
/// `scalars[i]` is the i-th scalar; `substring(start..<end)` turns an offset range back into text.
public struct TextDocument: Sendable {
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// The text's UTF-8 bytes, and per scalar offset (plus one past the end) the byte where that scalar starts,
    /// so that `substring(_:)` copies a byte range instead of re-encoding scalars one by one.
    private let utf8: [UInt8]
    private let utf8Offsets: [Int32]

    public init(_ text: String) {
        self.text = text
        let bytes = Array(text.utf8)
        let byteCount = bytes.count
        var offsets: [Int32] = []
        // One decoding pass over the bytes, which a `String` guarantees to be valid UTF-8: the lead byte gives
        // the width, continuation bytes carry six bits each. A text has at most as many scalars as bytes, so both
        // buffers are sized by the byte count and filled in place; exactly `decoded` scalars and `decoded + 1`
        // offsets are initialised, which is the count handed back. (`Unicode.Scalar` and `Int32` are trivial types.)
        scalars = [Unicode.Scalar](unsafeUninitializedCapacity: byteCount) { scalarBuffer, scalarCount in
            var decoded = 0
            offsets = [Int32](unsafeUninitializedCapacity: byteCount + 1) { offsetBuffer, offsetCount in
                bytes.withUnsafeBufferPointer { bytes in
                    var index = 0
                    while index < byteCount {
                        let lead = UInt32(bytes[index])
                        var value: UInt32
                        var width: Int
                        if lead < 0x80 {
                            value = lead
                            width = 1
                        } else if lead < 0xE0 {
                            value = lead & 0x1F
                            width = 2
                        } else if lead < 0xF0 {
                            value = lead & 0x0F
                            width = 3
                        } else {
                            value = lead & 0x07
                            width = 4
                        }
                        let end = min(index + width, byteCount)
                        var next = index + 1
                        while next < end {
                            value = value << 6 | UInt32(bytes[next] & 0x3F)
                            next += 1
                        }
                        // Valid UTF-8 never encodes a surrogate or a value past U+10FFFF: no replacement happens.
                        scalarBuffer[decoded] = Unicode.Scalar(value) ?? "\u{FFFD}"
                        offsetBuffer[decoded] = Int32(index)
                        decoded += 1
                        index = end
                    }
                }
                offsetBuffer[decoded] = Int32(byteCount)
                offsetCount = decoded + 1
            }
            scalarCount = decoded
        }
        self.utf8 = bytes
        self.utf8Offsets = offsets
    }

    public var count: Int { scalars.count }

    /// The text of a scalar range (clamped to the document).
    public func substring(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        // Both ends fall on scalar boundaries, so the bytes are valid UTF-8 for exactly these scalars.
        return String(decoding: utf8[Int(utf8Offsets[lower])..<Int(utf8Offsets[upper])], as: UTF8.self)
    }

    /// The index of the sentence holding scalar `offset` (binary search over sorted sentence ranges).
    public static func sentenceIndex(of offset: Int, in sentences: [Range<Int>]) -> Int {
        var low = 0
        var high = sentences.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if sentences[mid].upperBound <= offset {
                low = mid + 1
            } else if sentences[mid].lowerBound > offset {
                high = mid - 1
            } else {
                return mid
            }
        }
        return max(0, min(low, sentences.count - 1))
    }
}
