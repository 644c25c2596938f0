/// Picks the sentences that best summarise an article: position, entity and figure density, overlap with the title.
///
/// score = position_weight / (1 + position_decay × index)
///       + density_weight × min(1, mentions / 4)
///       + title_weight × (share of the title's content words that the sentence holds).
/// Sentences shorter than `min_words` words (datelines, captions, boilerplate) or longer than `max_words` are left
/// out, and so is the headline itself. Ties keep document order. Weights: `Config/patterns/key-sentences.json`;
/// content words are those not in `lexicons/entities/common-words.txt`.
public struct KeySentenceRanker: Sendable {
    struct Weights: Decodable, Sendable {
        var count: Int
        var positionWeight: Double
        var positionDecay: Double
        var densityWeight: Double
        var titleWeight: Double
        var minWords: Int
        var maxWords: Int

        enum CodingKeys: String, CodingKey {
            case count
            case positionWeight = "position_weight"
            case positionDecay = "position_decay"
            case densityWeight = "density_weight"
            case titleWeight = "title_weight"
            case minWords = "min_words"
            case maxWords = "max_words"
        }
    }

    static let path = "patterns/key-sentences.json"
    let weights: Weights
    let settings: TokenSettings
    let commonWords: Set<UInt64>

    public init(config: ConfigFiles) throws(ConfigFileError) {
        weights = try config.decode(Weights.self, from: Self.path)
        guard weights.count > 0, weights.minWords >= 0, weights.maxWords > weights.minWords else {
            throw .invalid(path: Self.path, line: nil, reason: "count must be positive and min_words < max_words")
        }
        settings = try TokenSettings(config: config)
        commonWords = try TokenLexicon.keys(config, EntityLexicon.folder + "common-words.txt")
    }

    public func keySentences(
        in document: TextDocument, sentences: [Range<Int>], title: String?, mentionsPerSentence: [Int]
    ) -> [KeySentence] {
        keySentences(
            in: document, tokens: settings.tokens(in: document), sentences: sentences, title: title,
            mentionsPerSentence: mentionsPerSentence)
    }

    /// The same over tokens already cut (`SentenceSplitter.tokens(in:)`).
    func keySentences(
        in document: TextDocument, tokens: [Token], sentences: [Range<Int>], title: String?,
        mentionsPerSentence: [Int]
    ) -> [KeySentence] {
        guard !sentences.isEmpty else { return [] }
        // The title's distinct content words: few, so a sentence's shared words are counted in a small array.
        var titleWords = TokenKeySet()
        if let title {
            for token in Tokenizer.tokens(in: TextDocument(title), abbreviations: settings.abbreviations)
            where token.kind == .word && !commonWords.contains(token.key) {
                titleWords.insert(token.key)
            }
        }
        var shared: [UInt64] = []
        let titleText = title.map(WhitespaceTrimming.trimmed)
        var scored: [(index: Int, score: Double)] = []
        var cursor = 0
        for (index, range) in sentences.enumerated() {
            while cursor < tokens.count && tokens[cursor].start < range.lowerBound { cursor += 1 }
            var words = 0
            shared.removeAll(keepingCapacity: true)
            var probe = cursor
            while probe < tokens.count && tokens[probe].start < range.upperBound {
                if tokens[probe].kind == .word {
                    words += 1
                    let key = tokens[probe].key
                    if titleWords.count > 0, titleWords.contains(key), !shared.contains(key) { shared.append(key) }
                }
                probe += 1
            }
            guard words >= weights.minWords, words <= weights.maxWords else { continue }
            if let titleText, index < 2, document.substring(range) == titleText { continue }
            let mentions = index < mentionsPerSentence.count ? Double(mentionsPerSentence[index]) : 0
            var score = weights.positionWeight / (1 + weights.positionDecay * Double(index))
            score += weights.densityWeight * min(1, mentions / 4)
            if titleWords.count > 0 { score += weights.titleWeight * Double(shared.count) / Double(titleWords.count) }
            scored.append((index, score))
        }
        let best = scored.enumerated().sorted { lhs, rhs in
            if lhs.element.score != rhs.element.score { return lhs.element.score > rhs.element.score }
            return lhs.offset < rhs.offset
        }
        return best.prefix(weights.count).map { entry in
            let range = sentences[entry.element.index]
            return KeySentence(
                text: document.substring(range), score: (entry.element.score * 1000).rounded() / 1000,
                mention: Mention(start: range.lowerBound, end: range.upperBound, sentence: entry.element.index))
        }
    }
}
