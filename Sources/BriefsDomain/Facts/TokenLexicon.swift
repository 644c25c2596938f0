/// Lexicons from `Config/` compiled into hash sets and phrase tables keyed like `Token.key`.
enum TokenLexicon {
    /// The entries of a list file as keys.
    static func keys(_ config: ConfigFiles, _ path: String) throws(ConfigFileError) -> Set<UInt64> {
        var keys: Set<UInt64> = []
        for (line, entry) in try config.listEntries(path) {
            let key = TokenKey.of(entry)
            guard key != TokenKey.seed else { throw .invalid(path: path, line: line, reason: "empty entry") }
            keys.insert(key)
        }
        return keys
    }

    /// The `key = value` entries of a list file, keyed by the phrase's token keys.
    static func pairs(_ config: ConfigFiles, _ path: String) throws(ConfigFileError) -> [(
        line: Int, name: String, value: String
    )] {
        var out: [(Int, String, String)] = []
        for (line, entry) in try config.listEntries(path) {
            guard let equals = entry.firstIndex(of: "=") else {
                throw .invalid(path: path, line: line, reason: "expected `name = value`")
            }
            let name = entry[..<equals].trimmingCharacters(in: .whitespaces)
            let value = entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !value.isEmpty else {
                throw .invalid(path: path, line: line, reason: "empty name or value")
            }
            out.append((line, name, value))
        }
        return out
    }
}

/// Longest-match look-up of multi-token phrases: the first token's key leads to the candidates, longest first.
struct PhraseMatcher<Payload: Sendable>: Sendable {
    struct Entry: Sendable {
        var keys: [UInt64]
        var payload: Payload
    }

    private(set) var byFirst: [UInt64: [Entry]] = [:]
    private(set) var maxLength = 0
    /// The keys of `byFirst`, for a look-up without hashing: most tokens open no phrase.
    private var firstKeys = TokenKeySet()

    init() {}

    mutating func insert(_ keys: [UInt64], _ payload: Payload) {
        guard let first = keys.first else { return }
        var list = byFirst[first, default: []]
        list.removeAll { $0.keys == keys }
        list.append(Entry(keys: keys, payload: payload))
        list.sort { $0.keys.count > $1.keys.count }
        byFirst[first] = list
        firstKeys.insert(first)
        maxLength = max(maxLength, keys.count)
    }

    mutating func insert(phrase: String, _ payload: Payload) {
        insert(TokenKey.phrase(phrase), payload)
    }

    /// The longest entry starting at `tokens[index]`, with its length in tokens.
    func match(_ tokens: [Token], at index: Int, limit: Int? = nil) -> (length: Int, payload: Payload)? {
        guard firstKeys.contains(tokens[index].key), let list = byFirst[tokens[index].key] else { return nil }
        let end = min(limit ?? tokens.count, tokens.count)
        for entry in list where index + entry.keys.count <= end {
            var matches = true
            var offset = 1
            while offset < entry.keys.count {
                if tokens[index + offset].key != entry.keys[offset] {
                    matches = false
                    break
                }
                offset += 1
            }
            if matches { return (entry.keys.count, entry.payload) }
        }
        return nil
    }
}
