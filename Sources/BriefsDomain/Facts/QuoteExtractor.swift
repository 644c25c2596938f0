/// Finds direct quotes and resolves their speakers to people when possible.
///
/// Stages: pair quotation marks (curly “…”, straight "…", and `` … '') on one line; keep quotes of three words or
/// more (shorter ones are scare quotes or titles); find the attribution, first after the closing mark
/// (`…," said Jim Press`, `…," Blinken said`, `…," he added`), then before the opening mark in the same sentence
/// (`Blinken told reporters: "…"`, `according to Smith, "…"`); resolve the speaker: a name to the person known by
/// its last word, "he"/"she" to the last person mentioned before the quote. Verbs: `Config/patterns/quote-verbs.txt`.
public struct QuoteExtractor: Sendable {
    let settings: TokenSettings
    let verbs: Set<UInt64>
    static let pronouns: Set<UInt64> = Set(["he", "she"].map { TokenKey.of($0) })
    static let according = TokenKey.of("according")
    static let minimumWords = 3

    public init(config: ConfigFiles) throws(ConfigFileError) {
        settings = try TokenSettings(config: config)
        verbs = try TokenLexicon.keys(config, "patterns/quote-verbs.txt")
    }

    public func quotes(in document: TextDocument, sentences: [Range<Int>], people: [PersonFact]) -> [QuoteFact] {
        guard !Self.quotePairs(document.scalars).isEmpty else { return [] }
        return quotes(in: document, tokens: settings.tokens(in: document), sentences: sentences, people: people)
    }

    /// The same over tokens already cut (`SentenceSplitter.tokens(in:)`).
    func quotes(in document: TextDocument, tokens: [Token], sentences: [Range<Int>], people: [PersonFact])
        -> [QuoteFact]
    {
        let scalars = document.scalars
        let pairs = Self.quotePairs(scalars)
        guard !pairs.isEmpty else { return [] }
        let speakers = Speakers(people: people)
        var facts: [QuoteFact] = []
        for pair in pairs {
            // Token indices: first inside, first after the closing mark, first of the opening mark.
            let inside = Self.firstToken(tokens, atOrAfter: pair.content.lowerBound)
            let after = Self.firstToken(tokens, atOrAfter: pair.closeEnd)
            var words = 0
            var index = inside
            while index < after && words < Self.minimumWords {
                if tokens[index].kind == .word { words += 1 }
                index += 1
            }
            guard words >= Self.minimumWords else { continue }
            let opening = Self.firstToken(tokens, atOrAfter: pair.openStart)
            let speakerTokens =
                speakerAfter(tokens, from: after, scalars: scalars)
                ?? speakerBefore(tokens, before: opening, scalars: scalars)
            var speaker: String?
            if let range = speakerTokens {
                speaker = speakers.resolve(tokens, range, document: document, before: pair.openStart)
            }
            let text = WhitespaceTrimming.trimmed(document, pair.content)
            facts.append(
                QuoteFact(
                    speaker: speaker, text: text, direct: true,
                    mention: Mention(
                        start: pair.content.lowerBound, end: pair.content.upperBound,
                        sentence: TextDocument.sentenceIndex(of: pair.content.lowerBound, in: sentences))))
        }
        return facts
    }

    struct Pair {
        var openStart: Int
        var content: Range<Int>
        var closeEnd: Int
    }

    /// Matching quotation marks on each line: “…”, "…", ``…''.
    static func quotePairs(_ scalars: [Unicode.Scalar]) -> [Pair] {
        var pairs: [Pair] = []
        var open: (start: Int, contentStart: Int, curly: Bool)?
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // Most scalars are none of the marks below (line feed, ", ', `, “, ”): one range test passes them.
            let value = scalar.value
            if value > 0x60 && value < 0x201C || value > 0x27 && value < 0x60 {
                index += 1
                continue
            }
            if scalar == "\n" {
                open = nil
            } else if scalar == "\u{201C}" {
                open = (index, index + 1, true)
            } else if scalar == "\u{201D}", let current = open, current.curly {
                pairs.append(Pair(openStart: current.start, content: current.contentStart..<index, closeEnd: index + 1))
                open = nil
            } else if scalar == "`", index + 1 < scalars.count, scalars[index + 1] == "`" {
                open = (index, index + 2, true)
                index += 1
            } else if scalar == "'", index + 1 < scalars.count, scalars[index + 1] == "'", let current = open,
                current.curly
            {
                pairs.append(Pair(openStart: current.start, content: current.contentStart..<index, closeEnd: index + 2))
                open = nil
                index += 1
            } else if scalar == "\"" {
                if let current = open, !current.curly {
                    pairs.append(
                        Pair(openStart: current.start, content: current.contentStart..<index, closeEnd: index + 1))
                    open = nil
                } else if open == nil {
                    open = (index, index + 1, false)
                }
            }
            index += 1
        }
        return pairs
    }

    static func firstToken(_ tokens: [Token], atOrAfter offset: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// `," said Jim Press` / `," Blinken said` / `," he added` / `," the minister said`: the speaker's tokens.
    func speakerAfter(_ tokens: [Token], from start: Int, scalars: [Unicode.Scalar]) -> Range<Int>? {
        var index = start
        while index < tokens.count, tokens[index].kind == .punctuation, index < start + 2 { index += 1 }
        guard index < tokens.count, !tokens[index].newlineBefore || index == start else { return nil }
        if verbs.contains(tokens[index].key) {
            let name = nameRun(tokens, from: index + 1)
            return name.isEmpty ? nil : name
        }
        let name = nameRun(tokens, from: index)
        if !name.isEmpty, name.upperBound < tokens.count, verbs.contains(tokens[name.upperBound].key) { return name }
        // `," Khaled Al-Maeena, editor at large at the Saudi Gazette, said.`
        if !name.isEmpty, isComma(tokens, name.upperBound, scalars),
            let close = nextComma(tokens, after: name.upperBound, scalars),
            close + 1 < tokens.count, verbs.contains(tokens[close + 1].key)
        {
            return name
        }
        if Self.pronouns.contains(tokens[index].key), index + 1 < tokens.count, verbs.contains(tokens[index + 1].key) {
            return index..<(index + 1)
        }
        return nil
    }

    /// `Blinken told reporters: "` / `Smith said, "` / `according to Smith, "`: the speaker before the quote.
    func speakerBefore(_ tokens: [Token], before opening: Int, scalars: [Unicode.Scalar]) -> Range<Int>? {
        var index = opening - 1
        let limit = max(0, opening - 12)
        while index >= limit {
            let token = tokens[index]
            if token.kind == .punctuation, scalars[token.start] == "." || scalars[token.start] == "\u{201D}" {
                return nil
            }
            if verbs.contains(token.key) {
                if token.key == Self.according {
                    let name = nameRun(tokens, from: index + 2)
                    return name.isEmpty ? nil : name
                }
                // The subject just before the verb, or before an apposition: `Jeff Rathke, the spokesperson, said`.
                var end = index
                if index > limit, isComma(tokens, index - 1, scalars) {
                    var probe = index - 2
                    while probe > limit, !isComma(tokens, probe, scalars) { probe -= 1 }
                    if probe > limit, isComma(tokens, probe, scalars) { end = probe }
                }
                var start = end
                while start > limit, tokens[start - 1].kind == .word,
                    tokens[start - 1].isCapitalized
                        || Self.pronouns.contains(tokens[start - 1].key)
                {
                    start -= 1
                    if Self.pronouns.contains(tokens[start].key) { break }
                }
                if start == end { return nil }
                return start..<end
            }
            index -= 1
        }
        return nil
    }

    func isComma(_ tokens: [Token], _ index: Int, _ scalars: [Unicode.Scalar]) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuation && scalars[tokens[index].start] == ","
    }

    /// The next comma after `index` within twelve tokens, stopping at a sentence end.
    func nextComma(_ tokens: [Token], after index: Int, _ scalars: [Unicode.Scalar]) -> Int? {
        var probe = index + 1
        while probe < tokens.count && probe <= index + 12 {
            if isComma(tokens, probe, scalars) { return probe }
            if tokens[probe].kind == .punctuation, scalars[tokens[probe].start] == "." { return nil }
            probe += 1
        }
        return nil
    }

    /// Capitalised words from `start` (a title before the name included), or a lone pronoun.
    func nameRun(_ tokens: [Token], from start: Int) -> Range<Int> {
        guard start < tokens.count else { return start..<start }
        if Self.pronouns.contains(tokens[start].key) { return start..<(start + 1) }
        var end = start
        while end < tokens.count, tokens[end].kind == .word, tokens[end].isCapitalized, end < start + 6 { end += 1 }
        return start..<end
    }

    /// Resolves speaker tokens to a person's canonical name.
    struct Speakers {
        var byLastWord: [UInt64: String] = [:]
        /// Every person mention, by start offset, for pronouns.
        var mentions: [(start: Int, name: String)] = []

        init(people: [PersonFact]) {
            for person in people {
                if let last = TokenKey.phrase(person.name).last, byLastWord[last] == nil {
                    byLastWord[last] = person.name
                }
                for mention in person.mentions { mentions.append((mention.start, person.name)) }
            }
            mentions.sort { $0.start < $1.start }
        }

        func resolve(_ tokens: [Token], _ range: Range<Int>, document: TextDocument, before offset: Int) -> String? {
            guard !range.isEmpty else { return nil }
            if range.count == 1, QuoteExtractor.pronouns.contains(tokens[range.lowerBound].key) {
                return mentions.last(where: { $0.start < offset })?.name
            }
            for index in range.reversed() {
                if let name = byLastWord[tokens[index].key] { return name }
            }
            return document.substring(tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end)
        }
    }
}
