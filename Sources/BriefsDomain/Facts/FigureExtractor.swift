/// Finds figures: numbers in digits and words, money, percentages, with what they count.
///
/// One pass over the tokens. A figure is an optional approximate lead ("about", "more than"), an optional currency
/// ("$", "US$", "€", "USD"), a number (`FigureNumbers`: "3,200", "1.5 million", "two dozen", "11bn"), then
/// optionally "%"/"percent" (PERCENT), a currency word ("dollars", "euros") or a measure ("points", "barrels").
/// Ranges ("between $12 million and $20 million", "20 to 25 percent") make one figure. Numbers that belong to
/// dates and times (years, days of a month, "five years", "10:35") and labels ("No. 1", "Flight 370") are skipped.
/// For counts, `unit` is what follows the number up to the first function word ("3,200 fleeing Afghans" →
/// "Afghans"). Word lists live in `Config/patterns/units.json`.
public struct FigureExtractor: Sendable {
    static let path = "patterns/units.json"

    private struct File: Decodable {
        var currencySymbols: [String: String]
        var currencyPrefixes: [String: String]
        var currencyCodes: [String: String]
        var currencyWords: [String: String]
        var subunitWords: [String: Double]
        var percentWords: [String]
        var approximateLeads: [String]
        var measureUnits: [String]
        var countedStopWords: [String]
        var skipBefore: [String]

        enum CodingKeys: String, CodingKey {
            case currencySymbols = "currency_symbols"
            case currencyPrefixes = "currency_prefixes"
            case currencyCodes = "currency_codes"
            case currencyWords = "currency_words"
            case subunitWords = "subunit_words"
            case percentWords = "percent_words"
            case approximateLeads = "approximate_leads"
            case measureUnits = "measure_units"
            case countedStopWords = "counted_stop_words"
            case skipBefore = "skip_before"
        }
    }

    let settings: TokenSettings
    let numbers: FigureNumbers
    var symbols: [Unicode.Scalar: String] = [:]
    /// The scalar values of `symbols`' keys: most punctuation is no currency symbol, answered without hashing.
    var symbolValues = TokenKeySet()
    var prefixes = TokenKeyTable<String>()
    var codes = TokenKeyTable<String>()
    var currencyWords = TokenKeyTable<String>()
    var subunits = TokenKeyTable<Double>()
    var percentWords = PhraseMatcher<Bool>()
    var leads = PhraseMatcher<Bool>()
    var measures: Set<UInt64> = []
    var stopWords: Set<UInt64> = []
    var skipBefore: Set<UInt64> = []
    var months: Set<UInt64> = []
    var timeUnits: Set<UInt64> = []
    /// Every word that can open a figure (leads, currency prefixes and codes, number words).
    var openers = TokenKeySet()

    /// Leads that make a figure approximate (the others, "more than", "at least", bound it).
    static let approximateKeys: Set<UInt64> = Set(
        [
            "about", "around", "nearly", "almost", "some", "roughly", "approximately", "an", "estimated", "close",
            "approx",
        ].map { TokenKey.of($0) })

    public init(config: ConfigFiles) throws(ConfigFileError) {
        settings = try TokenSettings(config: config)
        numbers = try FigureNumbers(config: config)
        let file = try config.decode(File.self, from: Self.path)
        for (symbol, code) in file.currencySymbols {
            guard let scalar = symbol.unicodeScalars.first, symbol.unicodeScalars.count == 1 else {
                throw .invalid(path: Self.path, line: nil, reason: "currency symbol \(symbol) must be one character")
            }
            symbols[scalar] = code
            symbolValues.insert(UInt64(scalar.value))
        }
        for (word, code) in file.currencyPrefixes { prefixes[TokenKey.of(word)] = code }
        for (word, code) in file.currencyCodes { codes[TokenKey.of(word)] = code }
        for (word, code) in file.currencyWords { currencyWords[TokenKey.of(word)] = code }
        for (word, factor) in file.subunitWords { subunits[TokenKey.of(word)] = factor }
        for phrase in file.percentWords { percentWords.insert(phrase: phrase, true) }
        for phrase in file.approximateLeads { leads.insert(phrase: phrase, true) }
        measures = Set(file.measureUnits.map { TokenKey.of($0) })
        stopWords = Set(file.countedStopWords.map { TokenKey.of($0) })
        skipBefore = Set(file.skipBefore.map { TokenKey.of($0) })
        let dates = try config.decode(DateWords.self, from: DateExtractor.path)
        months = Set(dates.months.keys.map { TokenKey.of($0) })
        timeUnits = Set(dates.units.keys.map { TokenKey.of($0) })
        var opening = Set(leads.byFirst.keys)
        opening.formUnion(prefixes.keys)
        opening.formUnion(codes.keys)
        opening.formUnion(numbers.small.keys)
        opening.formUnion(numbers.multiples.keys)
        openers = TokenKeySet(opening)
    }

    /// The currency code of a currency symbol ("$" → USD), nil for any other scalar.
    @inline(__always)
    func symbol(_ scalar: Unicode.Scalar) -> String? {
        symbolValues.contains(UInt64(scalar.value)) ? symbols[scalar] : nil
    }

    /// Whether a figure may start at `token` (the first test of `figure(_:at:scalars:)`, made before the call):
    /// a number, a currency symbol, or a word that opens figures or starts with a digit.
    @inline(__always)
    func mayOpenFigure(_ token: Token, scalars: [Unicode.Scalar]) -> Bool {
        switch token.kind {
        case .number: return true
        case .punctuation: return symbol(scalars[token.start]) != nil
        case .word: return openers.contains(token.key) || Tokenizer.isDigit(scalars[token.start])
        }
    }

    /// The date words figures must leave to dates.
    private struct DateWords: Decodable {
        var months: [String: Int]
        var units: [String: String]
    }

    public func figures(in document: TextDocument, sentences: [Range<Int>]) -> [FigureFact] {
        figures(in: document, tokens: settings.tokens(in: document), sentences: sentences)
    }

    /// The same over tokens already cut (`SentenceSplitter.tokens(in:)`).
    func figures(in document: TextDocument, tokens: [Token], sentences: [Range<Int>]) -> [FigureFact] {
        let scalars = document.scalars
        var facts: [FigureFact] = []
        var index = 0
        while index < tokens.count {
            guard mayOpenFigure(tokens[index], scalars: scalars),
                var figure = self.figure(tokens, at: index, scalars: scalars)
            else {
                index += 1
                continue
            }
            // Ranges: "20 to 25 percent", "between $12 million and $20 million".
            let connector = figure.end < tokens.count ? tokens[figure.end] : nil
            if let connector, connector.key == Self.to || connector.key == Self.and || Self.isDash(scalars, connector),
                connector.key != Self.and || (index > 0 && tokens[index - 1].key == Self.between),
                index == 0 || tokens[index - 1].key != Self.from,
                figure.end + 1 < tokens.count, let second = self.figure(tokens, at: figure.end + 1, scalars: scalars),
                second.kind == figure.kind || figure.kind == "QUANTITY"
            {
                figure.end = second.end
                figure.kind = second.kind
                figure.unit = second.unit ?? figure.unit
                if index > 0, tokens[index - 1].key == Self.between { figure.start = index - 1 }
            }
            let start = tokens[figure.start].start
            let end = tokens[figure.end - 1].end
            facts.append(
                FigureFact(
                    text: document.substring(start..<end), value: figure.value, approximate: figure.approximate,
                    unit: figure.unit, kind: figure.kind,
                    mention: Mention(
                        start: start, end: end, sentence: TextDocument.sentenceIndex(of: start, in: sentences))))
            index = figure.end
        }
        return facts
    }

    static let to = TokenKey.of("to")
    static let and = TokenKey.of("and")
    static let between = TokenKey.of("between")
    static let one = TokenKey.of("one")
    static let from = TokenKey.of("from")
    static let the = TokenKey.of("the")

    static func isDash(_ scalars: [Unicode.Scalar], _ token: Token) -> Bool {
        token.kind == .punctuation && (scalars[token.start] == "-" || scalars[token.start] == "\u{2013}")
    }

    struct Figure {
        var start: Int
        var end: Int
        var value: Double
        var approximate: Bool
        var unit: String?
        var kind: String
    }

    /// A figure starting at `index` (token indices, `end` exclusive).
    func figure(_ tokens: [Token], at index: Int, scalars: [Unicode.Scalar]) -> Figure? {
        let opening = tokens[index]
        switch opening.kind {
        case .number: break
        case .punctuation: if symbol(scalars[opening.start]) == nil { return nil }
        case .word:
            if !openers.contains(opening.key) && !Tokenizer.isDigit(scalars[opening.start]) { return nil }
        }
        var cursor = index
        var approximate = false
        if let lead = leads.match(tokens, at: cursor) {
            approximate = Self.approximateKeys.contains(tokens[cursor].key)
            cursor += lead.length
        }
        // Currency before the number: $5, US$40, AU$ 52.5, € 3m, USD 23, USD$ 23.
        var currency: String?
        if cursor < tokens.count {
            let token = tokens[cursor]
            if token.kind == .punctuation, let code = symbol(scalars[token.start]) {
                currency = code
                cursor += 1
            } else if let code = prefixes[token.key], token.isCapitalized, cursor + 1 < tokens.count,
                tokens[cursor + 1].kind == .punctuation, !tokens[cursor + 1].spaceBefore,
                let symbol = symbol(scalars[tokens[cursor + 1].start]), symbol == "USD"
            {
                currency = code
                cursor += 2
            } else if let code = codes[token.key], token.isAllCaps || token.hasPeriod || token.isCapitalized,
                cursor + 1 < tokens.count
            {
                var next = cursor + 1
                if tokens[next].kind == .punctuation, symbol(scalars[tokens[next].start]) != nil { next += 1 }
                if next < tokens.count, tokens[next].kind == .number || Tokenizer.isDigit(scalars[tokens[next].start]) {
                    currency = code
                    cursor = next
                }
            }
        }
        guard cursor < tokens.count else { return nil }
        if currency == nil, let glued = gluedMeasure(tokens[cursor], scalars: scalars) {
            return Figure(
                start: index, end: cursor + 1, value: glued.value, approximate: approximate, unit: glued.unit,
                kind: "QUANTITY")
        }
        guard let number = numbers.number(tokens, at: cursor, scalars: scalars) else { return nil }
        var end = cursor + number.length
        var value = number.value
        var kind = currency == nil ? "QUANTITY" : "MONEY"
        var unit = currency
        if currency == nil {
            if skipped(
                tokens, number: cursor, end: end, words: number.words, value: value, led: cursor > index,
                scalars: scalars)
            {
                return nil
            }
        }
        if end < tokens.count {
            let next = tokens[end]
            if next.kind == .punctuation, scalars[next.start] == "%" {
                kind = "PERCENT"
                unit = "%"
                end += 1
            } else if let percent = percentWords.match(tokens, at: end) {
                kind = "PERCENT"
                unit = "%"
                end += percent.length
            } else if let code = currencyWords[next.key], !next.isCapitalized {
                if let factor = subunits[next.key] { value *= factor }
                kind = "MONEY"
                unit = currency ?? code
                end += 1
            } else if currency == nil, let code = codes[next.key], next.isAllCaps {
                kind = "MONEY"
                unit = code
                end += 1
            } else if measures.contains(next.key), !next.isCapitalized || next.isAllCaps, !next.newlineBefore {
                unit = String(String.UnicodeScalarView(scalars[next.start..<next.end]))
                end += 1
            }
        }
        if kind == "QUANTITY" && unit == nil {
            unit = counted(tokens, after: end, scalars: scalars)
        }
        return Figure(start: index, end: end, value: value, approximate: approximate, unit: unit, kind: kind)
    }

    /// Numbers that are not figures: years, days of a month, clock times, durations, labels ("No. 1"),
    /// product names ("FTSE 100"), a lone "one".
    func skipped(
        _ tokens: [Token], number index: Int, end: Int, words: Bool, value: Double, led: Bool, scalars: [Unicode.Scalar]
    ) -> Bool {
        let token = tokens[index]
        let next = end < tokens.count ? tokens[end] : nil
        let previous = index > 0 ? tokens[index - 1] : nil
        let nextIsPercent =
            next.map {
                ($0.kind == .punctuation && scalars[$0.start] == "%") || percentWords.match(tokens, at: end) != nil
            }
            ?? false
        if nextIsPercent { return false }
        if words && value == 1 && end == index + 1 { return true }
        // "the two companies": a definite count is a reference, not a figure.
        if words, let previous, previous.key == Self.the { return true }
        if let next, timeUnits.contains(next.key) { return true }
        if end + 1 < tokens.count, next?.kind == .word, timeUnits.contains(tokens[end + 1].key),
            !stopWords.contains(next?.key ?? 0)
        {
            return true
        }
        // Labels and model numbers: "iPhone 4", "Boeing 787", "S&P 500", "Terminal 3", "the 787 Dreamliner".
        if !led, let previous, previous.kind == .word,
            previous.isCapitalized
                || (previous.start..<previous.end).contains(where: { Tokenizer.isUpper(scalars[$0]) }),
            !previous.newlineBefore || index > 1,
            codes[previous.key] == nil, !months.contains(previous.key)
        {
            return true
        }
        if !led, let previous, previous.kind == .punctuation,
            scalars[previous.start] == "&" || scalars[previous.start] == "'",
            !token.spaceBefore || scalars[previous.start] == "&"
        {
            return true
        }
        if let next, next.kind == .word, next.isCapitalized, !next.newlineBefore, !words, value < 10000,
            currencyWords[next.key] == nil, codes[next.key] == nil
        {
            return true
        }
        // 0800 is a clock time.
        if !words, token.length == 4, scalars[token.start] == "0" { return true }
        if let next, months.contains(next.key), next.isCapitalized, value <= 31 { return true }
        if let previous, months.contains(previous.key), previous.isCapitalized, value <= 31 || token.length == 4 {
            return true
        }
        if let year = FigureNumbers.plainInteger(scalars, token), token.length == 4, (1800...2099).contains(year),
            end == index + 1, next.map({ currencyWords[$0.key] == nil && !measures.contains($0.key) }) ?? true
        {
            return true
        }
        if let next, next.kind == .punctuation, scalars[next.start] == ":", !next.spaceBefore { return true }
        if let previous, previous.kind == .punctuation,
            scalars[previous.start] == ":" || scalars[previous.start] == "#",
            !token.spaceBefore
        {
            return true
        }
        if let previous, skipBefore.contains(previous.key) { return true }
        if let previous, previous.kind == .word, previous.isAllCaps, !previous.hasPeriod, codes[previous.key] == nil {
            return true
        }
        if let next, next.kind == .word, !next.spaceBefore { return true }
        if let next, next.kind == .punctuation, Tokenizer.isHyphen(scalars[next.start]), !next.spaceBefore {
            return true
        }
        return false
    }

    /// Digits glued to a measure ("30GB", "4GB", "5km") or a hyphenated range ("200-250"): the value and unit.
    func gluedMeasure(_ token: Token, scalars: [Unicode.Scalar]) -> (value: Double, unit: String?)? {
        guard Tokenizer.isDigit(scalars[token.start]), token.kind == .word || token.isHyphenated,
            let digits = FigureNumbers.digits(scalars, token.start..<token.end), digits.end < token.end
        else { return nil }
        var rest = digits.end
        if Tokenizer.isHyphen(scalars[rest]) {
            rest += 1
            if token.kind == .number { return (digits.value, nil) }
        }
        var key = TokenKey.seed
        for offset in rest..<token.end { key = TokenKey.mix(key, scalars[offset]) }
        guard measures.contains(key) else { return nil }
        return (digits.value, String(String.UnicodeScalarView(scalars[rest..<token.end])))
    }

    /// What a count counts: the words after the number up to the first function word, punctuation or plural noun,
    /// keeping the last ("3,200 fleeing Afghans before" → "Afghans", "two dozen protesters gathered" → "protesters").
    func counted(_ tokens: [Token], after end: Int, scalars: [Unicode.Scalar]) -> String? {
        var last: Token?
        var index = end
        while index < tokens.count && index < end + 3 {
            let token = tokens[index]
            guard token.kind == .word, !stopWords.contains(token.key), !token.newlineBefore else { break }
            last = token
            index += 1
            if token.length > 3, scalars[token.end - 1] == "s", scalars[token.end - 2] != "s" { break }
        }
        guard let last else { return nil }
        return String(String.UnicodeScalarView(scalars[last.start..<last.end]))
    }
}
