/// The set of word 4-shingles of a block, as hashes, for near-duplicate detection.
///
/// Words are the `CleaningTokenizer`'s words with ASCII letters lower-cased, so `Russia’s` and `Russia's` or a change of
/// case do not hide a repeat. A block of fewer than four words is one shingle.
struct WordShingles: Sendable {
    static let size = 4
    /// The shingle hashes in order (a repeated shingle appears more than once).
    private(set) var hashes: [UInt64] = []

    var isEmpty: Bool { hashes.isEmpty }
    var count: Int { hashes.count }

    init(_ block: [UInt8]) {
        let words = Self.wordHashes(block)
        guard !words.isEmpty else { return }
        if words.count < Self.size {
            hashes.append(Self.combine(words[...]))
            return
        }
        hashes.reserveCapacity(words.count - Self.size + 1)
        for start in 0...(words.count - Self.size) {
            hashes.append(Self.combine(words[start..<(start + Self.size)]))
        }
    }

    /// The set of these shingles.
    func set() -> HashSet64 {
        var set = HashSet64(capacity: hashes.count)
        for hash in hashes { set.insert(hash) }
        return set
    }

    /// The share of these shingles that `other` also has.
    func containment(in other: WordShingles) -> Double {
        containment(in: other.set())
    }

    /// The share of these shingles found in `set`.
    func containment(in set: HashSet64) -> Double {
        guard !hashes.isEmpty else { return 0 }
        let shared = hashes.reduce(0) { $0 + (set.contains($1) ? 1 : 0) }
        return Double(shared) / Double(hashes.count)
    }

    /// The share of these shingles found among the shingles of `block`.
    func containment(inWordsOf block: [UInt8]) -> Double {
        containment(in: WordShingles(block))
    }

    private static func combine(_ words: ArraySlice<UInt64>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for word in words { hash = (hash ^ word) &* 0x100_0000_01b3 &+ 0x2545_F491_4F6C_DD1D }
        return hash
    }

    /// FNV-1a hashes of the block's words (the first `limit` of them), ASCII-lower-cased.
    static func wordHashes(_ block: [UInt8], limit: Int = .max) -> [UInt64] {
        var result: [UInt64] = []
        block.withUnsafeBufferPointer { bytes in
            var index = 0
            var hash: UInt64 = 0
            var inWord = false
            while index <= bytes.count && result.count < limit {
                var isWord = false
                var length = 1
                if index < bytes.count {
                    let (value, scalarLength) = CleaningTokenizer.decode(bytes, index)
                    length = scalarLength
                    isWord = CleaningTokenizer.scalarClass(value) != .other
                }
                if isWord {
                    if !inWord {
                        hash = 0xcbf2_9ce4_8422_2325
                        inWord = true
                    }
                    for offset in 0..<length {
                        var byte = bytes[index + offset]
                        if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                    }
                } else if inWord {
                    result.append(hash)
                    inWord = false
                }
                index += length
            }
        }
        return result
    }
}
