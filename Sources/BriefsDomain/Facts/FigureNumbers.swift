/// Reads numbers written in digits ("3,200", "1.5", "11bn") or words ("twenty-five", "two dozen",
/// "1.5 million") from tokens, with the word lists of `Config/patterns/number-words.json`.
struct FigureNumbers: Sendable {
    static let path = "patterns/number-words.json"

    private struct File: Decodable {
        var units: [String: Double]
        var tens: [String: Double]
        var scales: [String: Double]
        var scaleAbbreviations: [String: Double]
        var multiples: [String: Double]
        var vague: [String: String]
        var ordinals: [String: Int]

        enum CodingKeys: String, CodingKey {
            case units
            case tens
            case scales
            case scaleAbbreviations = "scale_abbreviations"
            case multiples
            case vague
            case ordinals
        }
    }

    /// Small numbers: one ... nineteen, twenty ... ninety (and their compounds, "twenty-five").
    var small = TokenKeyTable<Double>()
    var scales = TokenKeyTable<Double>()
    /// Suffixes glued to digits or following them ("bn", "m", "k").
    var scaleSuffixes = TokenKeyTable<Double>()
    var multiples = TokenKeyTable<Double>()
    var vague = TokenKeyTable<Bool>()
    var ordinals = TokenKeyTable<Int>()

    init(config: ConfigFiles) throws(ConfigFileError) {
        let file = try config.decode(File.self, from: Self.path)
        for (word, value) in file.units { small[TokenKey.of(word)] = value }
        for (word, value) in file.tens {
            small[TokenKey.of(word)] = value
            for (unit, unitValue) in file.units where unitValue >= 1 && unitValue <= 9 {
                small[TokenKey.of(word + "-" + unit)] = value + unitValue
            }
        }
        for (word, value) in file.scales { scales[TokenKey.of(word)] = value }
        for (word, value) in file.scaleAbbreviations { scaleSuffixes[TokenKey.of(word)] = value }
        for (word, value) in file.multiples { multiples[TokenKey.of(word)] = value }
        for word in file.vague.keys { vague[TokenKey.of(word)] = true }
        for (word, value) in file.ordinals { ordinals[TokenKey.of(word)] = value }
        guard !small.isEmpty, !scales.isEmpty else {
            throw .invalid(path: Self.path, line: nil, reason: "units, tens and scales must not be empty")
        }
    }

    /// The value of the digits at the start of `range` ("3,200", "1.5"), and where the digits stop.
    static func digits(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> (value: Double, end: Int)? {
        var integer: Double = 0
        var fraction: Double = 0
        var scale: Double = 1
        var inFraction = false
        var index = range.lowerBound
        var sawDigit = false
        while index < range.upperBound {
            let scalar = scalars[index]
            if Tokenizer.isDigit(scalar) {
                sawDigit = true
                let digit = Double(scalar.value - 48)
                if inFraction {
                    scale /= 10
                    fraction += digit * scale
                } else {
                    integer = integer * 10 + digit
                }
            } else if scalar == ",", !inFraction, index + 1 < range.upperBound, Tokenizer.isDigit(scalars[index + 1]) {
            } else if scalar == ".", !inFraction, index + 1 < range.upperBound, Tokenizer.isDigit(scalars[index + 1]) {
                inFraction = true
            } else {
                break
            }
            index += 1
        }
        return sawDigit ? (integer + fraction, index) : nil
    }

    /// An integer written in plain digits (no separators), for days and years.
    static func plainInteger(_ scalars: [Unicode.Scalar], _ token: Token) -> Int? {
        guard token.kind == .number, token.length <= 9 else { return nil }
        var value = 0
        for index in token.start..<token.end {
            guard Tokenizer.isDigit(scalars[index]) else { return nil }
            value = value * 10 + Int(scalars[index].value - 48)
        }
        return value
    }

    /// A number starting at `tokens[index]`: digits with an optional scale ("1.5 million", "11bn"), or number words
    /// ("two hundred", "twenty-five", "two dozen"). `length` counts the tokens used; `words` tells it was spelled out.
    func number(_ tokens: [Token], at index: Int, scalars: [Unicode.Scalar]) -> (
        value: Double, length: Int, words: Bool
    )? {
        let token = tokens[index]
        var value: Double
        var length = 1
        var words = false
        if token.kind == .number {
            guard let parsed = Self.digits(scalars, token.start..<token.end), parsed.end == token.end else {
                return nil
            }
            value = parsed.value
        } else if token.kind == .word, Tokenizer.isDigit(scalars[token.start]) {
            // Digits with a glued scale: 11bn, 3m, 5k.
            guard let parsed = Self.digits(scalars, token.start..<token.end) else { return nil }
            var key = TokenKey.seed
            for offset in parsed.end..<token.end { key = TokenKey.mix(key, scalars[offset]) }
            guard let scale = scaleSuffixes[key] else { return nil }
            return (parsed.value * scale, 1, false)
        } else if let smallValue = small[token.key] {
            value = smallValue
            words = true
        } else if let multiple = multiples[token.key] {
            value = multiple
            words = true
        } else {
            return nil
        }
        // Scales and multiples: "two hundred", "1.5 million", "two dozen", "three hundred thousand".
        while index + length < tokens.count {
            let next = tokens[index + length]
            if let scale = scales[next.key] {
                value *= scale
                length += 1
            } else if let multiple = multiples[next.key], words {
                value *= multiple
                length += 1
            } else if !words, next.spaceBefore, let scale = scaleSuffixes[next.key], next.length <= 3,
                !next.isCapitalized
            {
                value *= scale
                length += 1
            } else if words, next.kind == .word, let smallValue = small[next.key], length >= 2, smallValue < 100 {
                // "two hundred fifty"
                value += smallValue
                length += 1
            } else {
                break
            }
        }
        return (value, length, words)
    }
}
