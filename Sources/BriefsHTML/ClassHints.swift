import BriefsDomain

/// What the class, id and role tokens of one element say about it.
struct Hint: Sendable, Equatable {
    /// Some token marks article text (`article-body`, `story`, `entry-content`).
    var isPositive = false
    /// Index into `ClassHints.reasons` of the first boilerplate token found, 0 for none.
    var negativeReason: UInt8 = 0

    static let none = Hint()
}

/// Matches class/id/role attribute values against the hint word lists in `Config/lexicons/html/`.
///
/// A value is split into tokens at every byte that is not an ASCII letter or digit (bytes of non-ASCII letters stay
/// in tokens) and at camelCase humps (`commentList` → `comment`, `list`), then lower-cased. A list entry `word`
/// matches a whole token, `word*` a token's start and `*word*` any part of a token. Whole-token matches are looked
/// up by a 64-bit FNV-1a hash of the token, so no `String` is made per element.
struct ClassHints: Sendable {
    /// Reason names; index 0 is unused ("no reason").
    private(set) var reasons: [String] = [""]
    private var exactPositive = HashedTable<Bool>()
    private var exactNegative = HashedTable<UInt8>()
    private var prefixes: [(bytes: [UInt8], positive: Bool, reason: UInt8)] = []
    private var infixes: [(bytes: [UInt8], positive: Bool, reason: UInt8)] = []

    init() {}

    /// Loads the positive list (`pattern` per line) and the negative list (`pattern reason` per line).
    /// - Throws: `ConfigFileError.invalid` naming `file:line` for empty patterns, duplicates or a missing reason.
    init(config: ConfigFiles, positivePath: String, negativePath: String) throws(ConfigFileError) {
        var seen: Set<String> = []
        for (line, entry) in try config.listEntries(positivePath) {
            let pattern = entry.lowercased()
            guard seen.insert("+" + pattern).inserted else {
                throw .invalid(path: positivePath, line: line, reason: "duplicate pattern \"\(entry)\"")
            }
            try add(pattern: pattern, positive: true, reason: 0, path: positivePath, line: line)
        }
        var reasonIndex: [String: UInt8] = [:]
        for (line, entry) in try config.listEntries(negativePath) {
            let parts = entry.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2 else {
                throw .invalid(path: negativePath, line: line, reason: "expected `pattern reason`")
            }
            let pattern = parts[0].lowercased()
            guard seen.insert("-" + pattern).inserted else {
                throw .invalid(path: negativePath, line: line, reason: "duplicate pattern \"\(parts[0])\"")
            }
            let reasonName = String(parts[1])
            let reason: UInt8
            if let known = reasonIndex[reasonName] {
                reason = known
            } else {
                guard reasons.count < 255 else { throw .invalid(path: negativePath, line: line, reason: "too many reasons") }
                reason = UInt8(reasons.count)
                reasons.append(reasonName)
                reasonIndex[reasonName] = reason
            }
            try add(pattern: pattern, positive: false, reason: reason, path: negativePath, line: line)
        }
    }

    private mutating func add(
        pattern: String, positive: Bool, reason: UInt8, path: String, line: Int
    ) throws(ConfigFileError) {
        var bytes = Array(pattern.utf8)
        let isInfix = bytes.first == UInt8(ascii: "*")
        if isInfix { bytes.removeFirst() }
        let isPrefix = bytes.last == UInt8(ascii: "*")
        if isPrefix { bytes.removeLast() }
        guard !bytes.isEmpty, !bytes.contains(UInt8(ascii: "*")) else {
            throw .invalid(path: path, line: line, reason: "bad pattern \"\(pattern)\"")
        }
        guard bytes.allSatisfy({ Self.isTokenByte($0) && !(65...90).contains($0) }) else {
            throw .invalid(path: path, line: line, reason: "pattern \"\(pattern)\" has bytes that never occur in a token")
        }
        if isInfix {
            infixes.append((bytes, positive, reason))
        } else if isPrefix {
            prefixes.append((bytes, positive, reason))
        } else if positive {
            exactPositive[Self.hash(bytes)] = true
        } else {
            exactNegative[Self.hash(bytes)] = reason
        }
    }

    /// The reason name for an index from `Hint.negativeReason`.
    func reason(_ index: UInt8) -> String {
        Int(index) < reasons.count ? reasons[Int(index)] : "boilerplate"
    }

    /// The hint of one attribute value (class, id or role).
    func hint(of value: UnsafeBufferPointer<UInt8>) -> Hint {
        var cache = HashedTable<Hint>()
        return hint(of: value, tokenCache: &cache)
    }

    /// The hint of one attribute value, remembering each token's hint in `tokenCache` (tokens repeat across a
    /// page's elements far more than whole attribute values do).
    func hint(of value: UnsafeBufferPointer<UInt8>, tokenCache: inout HashedTable<Hint>) -> Hint {
        var result = Hint()
        // Tokens are at most 64 bytes here; longer ones are cut (no hint word is that long).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { token in
            var length = 0
            var previousWasLower = false
            for byte in value {
                let isUpper = byte >= 65 && byte <= 90
                let isTokenByte = Self.isTokenByte(byte)
                if !isTokenByte || (isUpper && previousWasLower) {
                    if length > 0 {
                        match(UnsafeBufferPointer(rebasing: token[..<length]), into: &result, cache: &tokenCache)
                    }
                    length = 0
                }
                if isTokenByte && length < 64 {
                    token[length] = isUpper ? byte | 0x20 : byte
                    length += 1
                }
                previousWasLower = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            }
            if length > 0 {
                match(UnsafeBufferPointer(rebasing: token[..<length]), into: &result, cache: &tokenCache)
            }
        }
        return result
    }

    private func match(_ token: UnsafeBufferPointer<UInt8>, into result: inout Hint, cache: inout HashedTable<Hint>) {
        let key = Self.hash(token)
        let found: Hint
        if let cached = cache[key] {
            found = cached
        } else {
            found = tokenHint(token, key: key)
            cache[key] = found
        }
        if found.isPositive { result.isPositive = true }
        if result.negativeReason == 0 { result.negativeReason = found.negativeReason }
    }

    private func tokenHint(_ token: UnsafeBufferPointer<UInt8>, key: UInt64) -> Hint {
        var result = Hint()
        if exactPositive[key] != nil { result.isPositive = true }
        if let reason = exactNegative[key] { result.negativeReason = reason }
        for entry in prefixes where token.count >= entry.bytes.count && Self.hasPrefix(token, entry.bytes) {
            if entry.positive { result.isPositive = true } else if result.negativeReason == 0 { result.negativeReason = entry.reason }
        }
        for entry in infixes where token.count >= entry.bytes.count && Self.contains(token, entry.bytes) {
            if entry.positive { result.isPositive = true } else if result.negativeReason == 0 { result.negativeReason = entry.reason }
        }
        return result
    }

    private static func hasPrefix(_ token: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        for index in 0..<prefix.count where token[index] != prefix[index] { return false }
        return true
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let last = haystack.count - needle.count
        guard last >= 0 else { return false }
        let first = needle[0]
        var start = 0
        while start <= last {
            if haystack[start] == first {
                var offset = 1
                while offset < needle.count && haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// ASCII letters and digits and every non-ASCII byte.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// 64-bit FNV-1a.
    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        return value
    }
}
