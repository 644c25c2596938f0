/// A set of folded words (`GazetteerFolding.foldedKey(_:)`) that answers for a slice of a folded text without
/// copying it: a 64-bit hash of each word sits in a `TokenKeySet`, so most look-ups (words not listed) end there,
/// and only a hash hit is confirmed against the words themselves.
struct FoldedWordSet: Sendable {
    let words: Set<[UInt32]>
    private let hashes: TokenKeySet

    init(_ words: Set<[UInt32]>) {
        self.words = words
        hashes = TokenKeySet(words.map { Self.hash($0[...]) })
    }

    /// FNV-1a over the folded values.
    @inline(__always)
    static func hash(_ word: ArraySlice<UInt32>) -> UInt64 {
        var key = TokenKey.seed
        for value in word { key = (key ^ UInt64(value)) &* TokenKey.prime }
        return key
    }

    func contains(_ word: ArraySlice<UInt32>) -> Bool {
        hashes.contains(Self.hash(word)) && words.contains(Array(word))
    }

    func contains(_ word: [UInt32]) -> Bool {
        contains(word[...])
    }
}
