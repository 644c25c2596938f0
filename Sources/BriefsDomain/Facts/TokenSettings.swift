/// What the tokenizer and the sentence splitter share, from `Config/patterns/abbreviations.txt`.
struct TokenSettings: Sendable {
    /// Keys of abbreviations that keep their period.
    var abbreviations: Set<UInt64> = []
    /// Those of them that may close a sentence ("Inc.", "Jr.").
    var finalAbbreviations: Set<UInt64> = []

    static let path = "patterns/abbreviations.txt"

    init(config: ConfigFiles) throws(ConfigFileError) {
        for (line, entry) in try config.listEntries(Self.path) {
            let parts = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard let word = parts.first, word.hasSuffix("."), word.count > 1 else {
                throw .invalid(path: Self.path, line: line, reason: "expected an abbreviation ending in a period")
            }
            let key = TokenKey.of(word)
            guard !abbreviations.contains(key) else {
                throw .invalid(path: Self.path, line: line, reason: "duplicate abbreviation \(word)")
            }
            abbreviations.insert(key)
            if parts.count > 1 {
                guard parts.count == 2, parts[1] == "final" else {
                    throw .invalid(path: Self.path, line: line, reason: "unknown flag (only `final`)")
                }
                finalAbbreviations.insert(key)
            }
        }
    }

    func tokens(in document: TextDocument) -> [Token] {
        Tokenizer.tokens(in: document, abbreviations: abbreviations)
    }
}
