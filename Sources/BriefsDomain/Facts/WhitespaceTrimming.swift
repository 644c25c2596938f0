import Foundation

/// Trimming of surrounding whitespace and newlines that gives what Foundation's
/// `trimmingCharacters(in: .whitespacesAndNewlines)` gives, without its cost in the common case.
///
/// ASCII blanks (tab, line feed, vertical tab, form feed, carriage return, space) belong to that set and no other
/// ASCII scalar does, so they are trimmed on scalars; only when an end is left on a non-ASCII scalar (which may be
/// a Unicode space) does Foundation decide, on the untrimmed text, so the result is always the same.
enum WhitespaceTrimming {
    /// Tab, line feed, vertical tab, form feed, carriage return and space.
    @inline(__always)
    static func isASCIIBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 32 || (scalar.value >= 9 && scalar.value <= 13)
    }

    /// `text` without surrounding whitespace and newlines.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        while lower < upper && isASCIIBlank(scalars[lower]) { lower = scalars.index(after: lower) }
        while upper > lower && isASCIIBlank(scalars[scalars.index(before: upper)]) {
            upper = scalars.index(before: upper)
        }
        guard lower < upper else { return "" }
        guard scalars[lower].isASCII && scalars[scalars.index(before: upper)].isASCII else {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if lower == scalars.startIndex && upper == scalars.endIndex { return text }
        return String(scalars[lower..<upper])
    }

    /// The text of scalar range `range` of `document` without surrounding whitespace and newlines, trimmed before
    /// any `String` is built.
    static func trimmed(_ document: TextDocument, _ range: Range<Int>) -> String {
        let scalars = document.scalars
        var lower = max(0, range.lowerBound)
        var upper = min(range.upperBound, scalars.count)
        while lower < upper && isASCIIBlank(scalars[lower]) { lower += 1 }
        while upper > lower && isASCIIBlank(scalars[upper - 1]) { upper -= 1 }
        guard lower < upper else { return "" }
        let text = document.substring(lower..<upper)
        if scalars[lower].isASCII && scalars[upper - 1].isASCII { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
