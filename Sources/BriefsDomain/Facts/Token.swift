/// One token of a text: a word, a number or a single punctuation scalar, with its scalar range and a
/// case-folded hash key for lexicon look-ups (no `String` is built while tokenizing).
///
/// Word tokens keep internal hyphens ("war-torn", "Che-cheung") and apostrophes ("O'Brien"), but a possessive
/// "'s" becomes its own token. Abbreviations keep their period: dotted acronyms ("U.S."), single initials
/// ("J.") and the words of the abbreviation list ("Mr.", "Jan.", "Inc."); `hasPeriod` marks them.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case word
        case number
        case punctuation
    }

    var start: Int
    var end: Int
    var kind: Kind
    /// FNV-1a hash of the lower-cased scalars (curly apostrophes folded to `'`, a trailing period dropped).
    var key: UInt64
    /// The first scalar is an upper-case letter.
    var isCapitalized: Bool
    /// Every letter is upper case (and there are at least two letters).
    var isAllCaps: Bool
    /// The token absorbed a trailing period (abbreviation or initial).
    var hasPeriod: Bool
    /// The token holds a hyphen between two parts.
    var isHyphenated: Bool
    /// Whitespace (or the start of the text) stands right before the token.
    var spaceBefore: Bool
    /// A line break stands between the previous token and this one.
    var newlineBefore: Bool

    var length: Int { end - start }
}

/// Case-folded 64-bit keys for words and phrases, so that lexicons compiled from `Config/` and tokens of a text
/// meet in one hash look-up.
enum TokenKey {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Folds one scalar into a running key: lower-cased (ASCII fast path), curly apostrophes as `'`.
    @inline(__always)
    static func mix(_ key: UInt64, _ scalar: Unicode.Scalar) -> UInt64 {
        var value = scalar.value
        if value >= 65 && value <= 90 {
            value += 32
        } else if value == 0x2019 || value == 0x2018 {
            value = 39
        } else if value > 127, scalar.properties.isUppercase,
            let lower = scalar.properties.lowercaseMapping.unicodeScalars.first
        {
            value = lower.value
        }
        return (key ^ UInt64(value)) &* prime
    }

    /// The key of a word as written in a lexicon (periods dropped, like the tokens of U.S. or Mr.).
    static func of(_ word: some StringProtocol) -> UInt64 {
        var key = seed
        for scalar in word.unicodeScalars where scalar != "." { key = mix(key, scalar) }
        return key
    }

    /// The keys of a phrase as the tokenizer would cut it.
    static func phrase(_ text: String) -> [UInt64] {
        let document = TextDocument(text)
        let period = Token.punctuationKey(".")
        // Periods after words belong to abbreviations ("Inc.", "Co."), which the text's tokens absorb.
        return Tokenizer.tokens(in: document, abbreviations: []).filter { $0.key != period || $0.spaceBefore }.map(
            \.key)
    }
}

/// Cuts a document into tokens in one pass over its scalars.
enum Tokenizer {
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 { return (value | 32) >= 97 && (value | 32) <= 122 }
        return scalar.properties.isAlphabetic
    }

    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }

    @inline(__always)
    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 { return value >= 65 && value <= 90 }
        return scalar.properties.isUppercase
    }

    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 128 { return value == 32 || (value >= 9 && value <= 13) }
        return scalar.properties.isWhitespace
    }

    @inline(__always)
    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    @inline(__always)
    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
    }

    /// Tokens of `document`.
    /// - Parameter abbreviations: keys of words that keep a following period ("mr", "jan", "inc").
    /// - Parameter beforeNumber: keys of abbreviations that keep their period only before a number ("No. 10").
    static func tokens(
        in document: TextDocument, abbreviations: Set<UInt64>, beforeNumber: Set<UInt64> = []
    ) -> [Token] {
        let scalars = document.scalars
        let count = scalars.count
        var tokens: [Token] = []
        tokens.reserveCapacity(count / 5)
        var index = 0
        var sawSpace = true
        var sawNewline = false
        while index < count {
            let scalar = scalars[index]
            if isSpace(scalar) {
                sawSpace = true
                if scalar == "\n" { sawNewline = true }
                index += 1
                continue
            }
            let start = index
            if isLetter(scalar) || isDigit(scalar) {
                var key = TokenKey.seed
                var letters = 0
                var uppers = 0
                var digits = 0
                var hyphenated = false
                while index < count {
                    let current = scalars[index]
                    if isLetter(current) {
                        letters += 1
                        if isUpper(current) { uppers += 1 }
                    } else if isDigit(current) {
                        digits += 1
                    } else if current == "," || current == ".", digits > 0, letters == 0, index + 1 < count,
                        isDigit(scalars[index + 1])
                    {
                        // 3,200 and 1.5 stay one number.
                    } else if isHyphen(current), index + 1 < count,
                        isLetter(scalars[index + 1]) || isDigit(scalars[index + 1]),
                        index > start
                    {
                        hyphenated = true
                    } else if isApostrophe(current), letters > 0, index + 1 < count, isLetter(scalars[index + 1]) {
                        // A possessive 's (or a bare s) is its own token; O'Brien and don't stay whole.
                        let next = scalars[index + 1]
                        let afterNext = index + 2 < count ? scalars[index + 2] : " "
                        if (next == "s" || next == "S") && !isLetter(afterNext) { break }
                    } else {
                        break
                    }
                    key = TokenKey.mix(key, current)
                    index += 1
                }
                var hasPeriod = false
                let kind: Token.Kind = letters == 0 ? .number : .word
                if kind == .word, index < count, scalars[index] == "." {
                    // Dotted acronyms (U.S., a.m.), initials (J.) and listed abbreviations keep their period.
                    if letters == 1 && digits == 0 && !hyphenated {
                        hasPeriod = true
                    } else if beforeNumber.contains(key) {
                        var next = index + 1
                        while next < count && scalars[next] == " " { next += 1 }
                        hasPeriod = next < count && isDigit(scalars[next])
                    } else if abbreviations.contains(key) {
                        hasPeriod = true
                    }
                    if hasPeriod {
                        index += 1
                        // Continue a dotted acronym: U.S. / U.S.A. / a.m.
                        while index + 1 < count, isLetter(scalars[index]), scalars[index + 1] == ".",
                            letters <= 4, index + 2 >= count || !isLetter(scalars[index + 2])
                        {
                            key = TokenKey.mix(key, scalars[index])
                            if isUpper(scalars[index]) { uppers += 1 }
                            letters += 1
                            index += 2
                        }
                    }
                }
                let first = scalars[start]
                tokens.append(
                    Token(
                        start: start, end: index, kind: kind, key: key, isCapitalized: isUpper(first),
                        isAllCaps: letters >= 2 && uppers == letters, hasPeriod: hasPeriod, isHyphenated: hyphenated,
                        spaceBefore: sawSpace, newlineBefore: sawNewline))
            } else if isApostrophe(scalar), index + 1 < count, scalars[index + 1] == "s" || scalars[index + 1] == "S",
                index + 2 >= count || !isLetter(scalars[index + 2]), !sawSpace
            {
                index += 2
                tokens.append(
                    Token(
                        start: start, end: index, kind: .word, key: TokenKey.of("'s"), isCapitalized: false,
                        isAllCaps: false, hasPeriod: false, isHyphenated: false, spaceBefore: false,
                        newlineBefore: sawNewline))
            } else {
                index += 1
                tokens.append(
                    Token(
                        start: start, end: index, kind: .punctuation, key: TokenKey.mix(TokenKey.seed, scalar),
                        isCapitalized: false, isAllCaps: false, hasPeriod: false, isHyphenated: false,
                        spaceBefore: sawSpace, newlineBefore: sawNewline))
            }
            sawSpace = false
            sawNewline = false
        }
        return tokens
    }
}

extension Token {
    /// The key of a punctuation scalar, for comparing punctuation tokens.
    static func punctuationKey(_ scalar: Unicode.Scalar) -> UInt64 { TokenKey.mix(TokenKey.seed, scalar) }
}
