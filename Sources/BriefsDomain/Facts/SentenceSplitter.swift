/// Splits a text into sentences (scalar ranges), keeping abbreviations whole.
/// (Skeleton: splits at `.`, `!`, `?` followed by a space and an upper-case letter, and at line breaks.)
public struct SentenceSplitter: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func sentences(in document: TextDocument) -> [Range<Int>] {
        let scalars = document.scalars
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        func close(_ end: Int) {
            var lower = start
            while lower < end, scalars[lower].properties.isWhitespace { lower += 1 }
            if lower < end { ranges.append(lower..<end) }
            start = end
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                close(index)
                start = index + 1
            } else if scalar == "." || scalar == "!" || scalar == "?", index + 2 < scalars.count,
                scalars[index + 1] == " ", scalars[index + 2].properties.isUppercase
            {
                close(index + 1)
            }
            index += 1
        }
        close(scalars.count)
        return ranges
    }
}
