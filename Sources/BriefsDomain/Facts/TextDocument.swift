/// A text indexed by Unicode scalar, the unit of every offset in facts.
///
/// `scalars[i]` is the i-th scalar; `substring(start..<end)` turns an offset range back into text.
public struct TextDocument: Sendable {
    public let text: String
    public let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    public var count: Int { scalars.count }

    /// The text of a scalar range (clamped to the document).
    public func substring(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lower..<upper])
        return String(out)
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
