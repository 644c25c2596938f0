/// What the tokenizer and the sentence splitter share, from `Config/patterns/abbreviations.txt`.
struct TokenSettings: Sendable {
    /// Keys of abbreviations that keep their period.
    var abbreviations: Set<UInt64> = []
    /// Those of them that may close a sentence ("Inc.", "Jr.").
    var finalAbbreviations: Set<UInt64> = []
    /// Those that are abbreviations only before a number ("No. 10"; "No." alone is a word).
    var numberAbbreviations: Set<UInt64> = []

    static let path = "patterns/abbreviations.txt"

    init(config: ConfigFiles) throws(ConfigFileError) {
        for (line, entry) in try config.listEntries(Self.path) {
            let parts = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard let word = parts.first, word.hasSuffix("."), word.count > 1 else {
                throw .invalid(path: Self.path, line: line, reason: "expected an abbreviation ending in a period")
            }
            let key = TokenKey.of(word)
            guard !abbreviations.contains(key), !numberAbbreviations.contains(key) else {
                throw .invalid(path: Self.path, line: line, reason: "duplicate abbreviation \(word)")
            }
            guard parts.count <= 2 else {
                throw .invalid(path: Self.path, line: line, reason: "one abbreviation and at most one flag")
            }
            switch parts.count == 2 ? String(parts[1]) : "" {
            case "":
                abbreviations.insert(key)
            case "final":
                abbreviations.insert(key)
                finalAbbreviations.insert(key)
            case "number":
                numberAbbreviations.insert(key)
            default:
                throw .invalid(path: Self.path, line: line, reason: "unknown flag (`final` or `number`)")
            }
        }
    }

    func tokens(in document: TextDocument) -> [Token] {
        Tokenizer.tokens(in: document, abbreviations: abbreviations, beforeNumber: numberAbbreviations)
    }
}
