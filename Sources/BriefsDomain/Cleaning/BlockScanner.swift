/// Measures blocks with a lexicon; keeps a scratch buffer between blocks.
struct BlockScanner {
    let lexicon: CleaningLexicon
    let cjkWeight: Int
    private var tokens: [Int32] = []
    private var scratch: [UInt8] = []

    init(lexicon: CleaningLexicon, cjkWeight: Int) {
        self.lexicon = lexicon
        self.cjkWeight = cjkWeight
        tokens.reserveCapacity(512)
        scratch.reserveCapacity(64)
    }

    /// The features of `block`, in one forward pass (words, sentences) and a short backward look at its end.
    mutating func features(of block: [UInt8]) -> BlockFeatures {
        var features = BlockFeatures()
        tokens.removeAll(keepingCapacity: true)
        var scalars = 0
        block.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            var wordStart = -1
            var pendingEnd = false
            var previous: UInt32 = 0x20
            while index < count {
                let byte = bytes[index]
                let value: UInt32
                let length: Int
                let kind: CleaningTokenizer.ScalarClass
                if byte < 0x80 {
                    value = UInt32(byte)
                    length = 1
                    if byte < 0x20 || byte == 0x7F { features.junkScalars += 1 }
                    let isAlphanumeric =
                        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                        || (byte >= 0x30 && byte <= 0x39)
                        || byte == 0x5F
                    kind = isAlphanumeric ? .word : .other
                } else {
                    (value, length) = CleaningTokenizer.decode(bytes, index)
                    kind = value == 0xA9 ? .other : CleaningTokenizer.scalarClass(value)
                    if value == 0xFFFD || value < 0xA0 || (value >= 0xE000 && value < 0xF900) {
                        features.junkScalars += 1
                    }
                }
                scalars += 1
                if kind == .word {
                    if wordStart < 0 { wordStart = index }
                    pendingEnd = false
                } else {
                    if wordStart >= 0 {
                        word(bytes, wordStart, index, &features)
                        wordStart = -1
                    }
                    if kind == .cjk {
                        features.cjkCharacters += 1
                        if value >= 0x3040 && value < 0x3100 { features.kanaCharacters += 1 }
                        if pendingEnd { features.sentences += 1 }
                        pendingEnd = false
                    } else if value == 0x20 {
                        if pendingEnd { features.sentences += 1 }
                        pendingEnd = false
                    } else if value == 0x3002 {
                        features.sentences += 1
                        pendingEnd = false
                    } else if CleaningTokenizer.isSentenceEnd(value) {
                        pendingEnd = pendingEnd || previous != 0x2E
                    } else if value == 0xA9 {
                        word(bytes, index, index + length, &features)
                    } else if value == 0x3A {
                        if index + 2 < count && bytes[index + 1] == 0x2F && bytes[index + 2] == 0x2F {
                            features.hasURL = true
                        }
                        pendingEnd = false
                    } else if !CleaningTokenizer.isClosing(value) {
                        pendingEnd = false
                    }
                }
                previous = value
                index += length
            }
            if wordStart >= 0 { word(bytes, wordStart, count, &features) }
            if pendingEnd { features.sentences += 1 }
            inspectEnd(bytes, &features)
        }
        features.length = scalars + features.cjkCharacters * (cjkWeight - 1)
        features.words += features.cjkCharacters / 2
        matchPhrases(&features)
        return features
    }

    /// Terminal punctuation and cut-off teasers, from the last scalars of the block.
    private func inspectEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ features: inout BlockFeatures) {
        var index = bytes.count
        var last: UInt32 = 0
        var beforeLast: UInt32 = 0x20
        var trailingDots = 0
        var seenMeaningful = false
        var steps = 0
        while index > 0 && steps < 16 {
            var start = index - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (value, _) = CleaningTokenizer.decode(bytes, start)
            index = start
            steps += 1
            if value == 0x20 || CleaningTokenizer.isClosing(value) {
                if seenMeaningful && trailingDots == 0 { break }
                continue
            }
            if !seenMeaningful {
                last = value
                seenMeaningful = true
                if value == 0x2E { trailingDots = 1 }
                continue
            }
            if trailingDots > 0 && value == 0x2E {
                trailingDots += 1
                continue
            }
            beforeLast = value
            break
        }
        features.isTerminated = CleaningTokenizer.isSentenceEnd(last) || last == 0x3A
        let isEllipsis = last == 0x2026 || trailingDots >= 3
        features.isTruncated = isEllipsis && CleaningTokenizer.scalarClass(beforeLast) == .word
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
        if first == 0x77, end - start >= 3, bytes[start + 1] == 0x77, bytes[start + 2] == 0x77 {
            features.hasURL = true
        }
        guard let id = lexicon.lookup(bytes, start, end, scratch: &scratch) else {
            tokens.append(-1)
            return
        }
        let info = lexicon.info[id]
        var mask = info.stopMask
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            features.stopCounts[bit] &+= 1
            mask &= mask - 1
        }
        // "US" in capitals is the country, not the pronoun: all-capital words do not count as address.
        if info.isAddress
            && !(end - start >= 2 && Self.isUpperASCII(bytes[start]) && Self.isUpperASCII(bytes[start + 1]))
        {
            features.addressWords += 1
        }
        tokens.append(Int32(id))
    }

    @inline(__always)
    private static func isUpperASCII(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

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
                        features.cueHits[phrase.category] &+= features.cueHits[phrase.category] == 255 ? 0 : 1
                        if phrase.isStrong {
                            features.strongCueHits[phrase.category] &+=
                                features.strongCueHits[phrase.category] == 255 ? 0 : 1
                        }
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
