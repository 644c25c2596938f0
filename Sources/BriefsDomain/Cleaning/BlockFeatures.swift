/// What stage 3 measures about one block on its own, in one pass over its bytes.
struct BlockFeatures: Sendable, Equatable {
    /// Length in weighted characters (scalars; CJK ideographs and kana count `cjkCharacterWeight` each).
    var length = 0
    /// Words (see `Tokenizer`), plus half a word per CJK character.
    var words = 0
    var cjkCharacters = 0
    /// Words starting with an upper-case ASCII letter (menus and headlines are Title Case).
    var capitalisedWords = 0
    var digitWords = 0
    /// First- and second-person words.
    var addressWords = 0
    /// Sentence ends followed by a space or the end of the block.
    var sentences = 0
    /// The block ends with sentence punctuation (closing quotes and brackets aside) or a colon.
    var isTerminated = false
    /// The block ends with `...` or `…` right after a letter: a cut-off teaser.
    var isTruncated = false
    var hasURL = false
    /// Stop words per language of the lexicon (`CleaningLexicon.languages` order).
    var stopCounts: [Int32] = []
    /// Cue-phrase hits per category (`CleaningLexicon.categories` order), and the words they cover.
    var cueHits: [Int16] = []
    var cueWords = 0

    /// The share of the words that are stop words of `language`.
    func stopDensity(_ language: Int) -> Double {
        guard words > 0, language >= 0, language < stopCounts.count else { return 0 }
        return Double(stopCounts[language]) / Double(words)
    }

    func hits(_ category: Int?) -> Int {
        guard let category, category < cueHits.count else { return 0 }
        return Int(cueHits[category])
    }
}

/// Measures blocks with a lexicon; keeps a scratch buffer between blocks.
struct BlockScanner {
    let lexicon: CleaningLexicon
    let cjkWeight: Int
    private var tokens: [Int32] = []

    init(lexicon: CleaningLexicon, cjkWeight: Int) {
        self.lexicon = lexicon
        self.cjkWeight = cjkWeight
        tokens.reserveCapacity(512)
    }

    /// The features of `block`.
    mutating func features(of block: [UInt8]) -> BlockFeatures {
        var features = BlockFeatures()
        features.stopCounts = Array(repeating: 0, count: lexicon.languages.count)
        features.cueHits = Array(repeating: 0, count: lexicon.categories.count)
        tokens.removeAll(keepingCapacity: true)
        var scalars = 0
        var lastValue: UInt32 = 0
        var lastMeaningful: UInt32 = 0
        var beforeMeaningful: UInt32 = 0
        var trailingDots = 0
        var previousValue: UInt32 = 0x20
        block.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            var wordStart = -1
            var pendingEnd = false
            while index <= count {
                let value: UInt32
                let length: Int
                if index < count {
                    (value, length) = Tokenizer.decode(bytes, index)
                } else {
                    (value, length) = (0x20, 1)
                }
                let kind: Tokenizer.ScalarClass = value == 0xA9 ? .other : Tokenizer.scalarClass(value)
                if kind == .word {
                    if wordStart < 0 { wordStart = index }
                } else if wordStart >= 0 {
                    word(bytes, wordStart, index, &features)
                    wordStart = -1
                }
                if index < count {
                    scalars += 1
                    if value == 0xA9 { word(bytes, index, index + length, &features) }
                    if kind == .cjk { features.cjkCharacters += 1 }
                    if pendingEnd && (value == 0x20 || kind == .cjk) { features.sentences += 1 }
                    if Tokenizer.isSentenceEnd(value) {
                        pendingEnd = value == 0x3002 || value == 0xFF01 || value == 0xFF1F || previousValue != 0x2E
                        if value == 0x3002 { features.sentences += 1; pendingEnd = false }
                    } else if !Tokenizer.isClosing(value) {
                        pendingEnd = false
                    }
                    if value != 0x20 && !Tokenizer.isClosing(value) {
                        beforeMeaningful = lastMeaningful
                        lastMeaningful = value
                    }
                    trailingDots = value == 0x2E ? trailingDots + 1 : 0
                    lastValue = value
                    previousValue = value
                    if value == 0x3A && index + 2 < count && bytes[index + 1] == 0x2F && bytes[index + 2] == 0x2F {
                        features.hasURL = true
                    }
                } else if pendingEnd {
                    features.sentences += 1
                }
                index += length
            }
        }
        _ = lastValue
        features.length = scalars + features.cjkCharacters * (cjkWeight - 1)
        features.words += features.cjkCharacters / 2
        features.isTerminated =
            Tokenizer.isSentenceEnd(lastMeaningful) || lastMeaningful == 0x3A
        let endsWithEllipsis = lastMeaningful == 0x2026 || trailingDots >= 3
        features.isTruncated =
            endsWithEllipsis && (Tokenizer.scalarClass(beforeMeaningful) == .word || trailingDots >= 3)
        matchPhrases(&features)
        return features
    }

    /// Counts one word `bytes[start..<end]`.
    @inline(__always)
    private mutating func word(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ features: inout BlockFeatures
    ) {
        features.words += 1
        let first = bytes[start]
        if first >= 0x41 && first <= 0x5A { features.capitalisedWords += 1 }
        if first >= 0x30 && first <= 0x39 { features.digitWords += 1 }
        if first == 0x77, end - start >= 3, bytes[start + 1] == 0x77, bytes[start + 2] == 0x77 { features.hasURL = true }
        guard let id = lexicon.table.lookup(bytes, start, end) else {
            tokens.append(-1)
            return
        }
        var mask = lexicon.stopMask[id]
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            features.stopCounts[bit] += 1
            mask &= mask - 1
        }
        if lexicon.isAddress[id] { features.addressWords += 1 }
        tokens.append(lexicon.canonical[id])
    }

    /// Finds the cue phrases among the block's words.
    private func matchPhrases(_ features: inout BlockFeatures) {
        guard !lexicon.phrases.isEmpty else { return }
        var position = 0
        let count = tokens.count
        var coveredUntil = 0
        while position < count {
            let token = tokens[position]
            if token >= 0, let group = lexicon.phraseGroup(startingWith: token) {
                for phraseIndex in group {
                    let phrase = lexicon.phrases[phraseIndex]
                    if phrase.isAnchored && position != 0 { continue }
                    let length = phrase.words.count
                    guard position + length <= count else { continue }
                    var matches = true
                    var offset = 1
                    while offset < length {
                        if tokens[position + offset] != phrase.words[offset] {
                            matches = false
                            break
                        }
                        offset += 1
                    }
                    if matches {
                        features.cueHits[phrase.category] += 1
                        let end = position + length
                        features.cueWords += max(0, end - max(position, coveredUntil))
                        coveredUntil = max(coveredUntil, end)
                    }
                }
            }
            position += 1
        }
    }
}
