/// Picks the sentences that best summarise an article: position, entity and figure density, overlap with the title.
/// (Skeleton: the first three sentences.)
public struct KeySentenceRanker: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func keySentences(
        in document: TextDocument, sentences: [Range<Int>], title: String?, mentionsPerSentence: [Int]
    ) -> [KeySentence] {
        sentences.prefix(3).enumerated().map { index, range in
            KeySentence(
                text: document.substring(range), score: 1.0 / Double(index + 1),
                mention: Mention(start: range.lowerBound, end: range.upperBound, sentence: index))
        }
    }
}
