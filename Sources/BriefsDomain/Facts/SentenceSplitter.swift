/// Splits a text into sentences (scalar ranges), keeping abbreviations whole.
///
/// Works on tokens (`Tokenizer`): a sentence closes at `.`, `!`, `?` or `…` (with any closing quotes or brackets after
/// it) when the next token opens a sentence (capitalised, a digit or an opening quote); at a blank line; and at a
/// single line break unless the text visibly runs on (the next line starts in lower case). Abbreviations keep their
/// period in the tokenizer, so "Mr.", "Jan." and initials never close a sentence; dotted acronyms ("U.S.") and
/// `final` abbreviations ("Inc.") close one only before a sentence opener ("The", "He", ...).
public struct SentenceSplitter: Sendable {
    let settings: TokenSettings
    let openers: Set<UInt64>

    public init(config: ConfigFiles) throws(ConfigFileError) {
        settings = try TokenSettings(config: config)
        openers = try TokenLexicon.keys(config, "patterns/sentence-openers.txt")
    }

    public func sentences(in document: TextDocument) -> [Range<Int>] {
        sentences(in: document, tokens: settings.tokens(in: document))
    }

    /// The document's tokens, cut once and shareable with every later stage (`dates(in:tokens:...)`, ...): all
    /// stages read the same abbreviation list, so they would cut the same tokens.
    func tokens(in document: TextDocument) -> [Token] { settings.tokens(in: document) }

    static let closers: Set<Unicode.Scalar> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "\u{00BB}"]
    static let openingQuotes: Set<Unicode.Scalar> = ["\"", "'", "\u{201C}", "\u{2018}", "(", "\u{00AB}"]

    /// Sentence ranges over already cut tokens.
    func sentences(in document: TextDocument, tokens: [Token]) -> [Range<Int>] {
        let scalars = document.scalars
        var ranges: [Range<Int>] = []
        var first = 0
        func close(_ last: Int) {
            if first <= last { ranges.append(tokens[first].start..<tokens[last].end) }
            first = last + 1
        }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            var last = index
            var ends = false
            if token.kind == .punctuation, case let scalar = scalars[token.start],
                scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}"
            {
                // Absorb what closes the sentence with it: `?!`, `."`, `.)`.
                while last + 1 < tokens.count, tokens[last + 1].kind == .punctuation, !tokens[last + 1].spaceBefore {
                    let next = scalars[tokens[last + 1].start]
                    guard next == "." || next == "!" || next == "?" || Self.closers.contains(next) else { break }
                    last += 1
                }
                if last + 1 >= tokens.count {
                    ends = true
                } else {
                    let next = tokens[last + 1]
                    let nextScalar = scalars[next.start]
                    ends =
                        next.isCapitalized || next.kind == .number || Self.openingQuotes.contains(nextScalar)
                        || next.newlineBefore
                }
            } else if token.hasPeriod, index + 1 < tokens.count {
                let next = tokens[index + 1]
                let acronym = token.length > 2 && !settings.abbreviations.contains(token.key)
                if (acronym || settings.finalAbbreviations.contains(token.key)) && next.isCapitalized
                    && openers.contains(next.key)
                {
                    ends = true
                } else if next.newlineBefore && next.isCapitalized
                    && (acronym || settings.finalAbbreviations.contains(token.key))
                {
                    ends = true
                }
            }
            if !ends, last + 1 < tokens.count, tokens[last + 1].newlineBefore {
                ends = lineBreakEnds(document, after: tokens[last], before: tokens[last + 1])
            }
            if ends { close(last) }
            index = last + 1
        }
        if first < tokens.count { close(tokens.count - 1) }
        return ranges
    }

    /// A line break closes a sentence unless the next line visibly continues it (starts in lower case after a
    /// line without final punctuation); a blank line always does.
    func lineBreakEnds(_ document: TextDocument, after previous: Token, before next: Token) -> Bool {
        var newlines = 0
        for offset in previous.end..<next.start where document.scalars[offset] == "\n" { newlines += 1 }
        if newlines >= 2 { return true }
        let nextScalar = document.scalars[next.start]
        if Tokenizer.isLetter(nextScalar) && !Tokenizer.isUpper(nextScalar) { return false }
        if next.kind == .number { return previous.kind != .word || previous.isCapitalized }
        let previousScalar = document.scalars[previous.start]
        if previous.kind == .punctuation && (previousScalar == "," || previousScalar == "-") { return false }
        return true
    }
}
