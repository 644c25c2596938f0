extension TextCleaner {
    /// The stop-word language of the page: the list with the most hits over the whole page, or -1 when no list
    /// covers at least a tenth of the page's words (CJK pages, unknown languages).
    func pageLanguage(_ features: [BlockFeatures]) -> Int {
        var totals = Array(repeating: 0, count: lexicon.languages.count)
        var words = 0
        for feature in features where !isJunk(feature) {
            words += feature.words
            for language in totals.indices { totals[language] += Int(feature.stopCounts[language]) }
        }
        guard let best = totals.indices.max(by: { totals[$0] < totals[$1] || (totals[$0] == totals[$1] && $0 > $1) })
        else { return -1 }
        return totals[best] * 10 >= max(1, words) ? best : -1
    }

    /// Whether the block is mostly binary noise (replacement and control characters).
    func isJunk(_ block: BlockFeatures) -> Bool {
        Double(block.junkScalars) > settings.junkShare * Double(max(1, block.length))
    }

    /// The language code for the page's metadata.
    /// Without a stop-word list: `ja` when most of the words are CJK and kana occur, `zh` when they do not,
    /// otherwise unknown.
    func languageCode(_ language: Int, _ features: [BlockFeatures]) -> String? {
        if language >= 0 { return lexicon.languages[language] }
        var cjk = 0
        var kana = 0
        var words = 0
        for feature in features where !isJunk(feature) {
            cjk += feature.cjkCharacters
            kana += feature.kanaCharacters
            words += feature.words
        }
        guard cjk > 0, cjk / 2 * 2 >= words else { return nil }
        return kana * 20 >= cjk ? "ja" : "zh"
    }

    /// Stage 3: the class of a block judged alone.
    func classifyAlone(_ block: BlockFeatures, language: Int) -> Verdict {
        if block.words == 0 { return Verdict(.bad, reason: "boilerplate") }
        if isJunk(block) { return Verdict(.bad, reason: "garbage") }
        if let cue = cueVerdict(block) { return cue }
        if block.hasURL && block.words <= 12 { return Verdict(.bad, reason: "link") }
        if block.isTruncated && block.length < settings.standfirstMaxLength {
            return Verdict(.bad, reason: "related")
        }
        if block.length < settings.lengthLow { return Verdict(.short) }
        let isLong = block.length >= settings.lengthHigh
        let isSentenceShaped = block.isTerminated || block.length >= settings.unterminatedGoodLength
        if language < 0 {
            // No stop-word list: judge by sentence shape alone.
            if block.cjkCharacters * 2 < block.words && block.sentences == 0 {
                return Verdict(.bad, reason: "boilerplate")
            }
            if isLong && isSentenceShaped { return Verdict(.good) }
            return block.isTerminated ? Verdict(.nearGood) : Verdict(.bad, reason: "boilerplate")
        }
        let density = block.stopDensity(language)
        if density >= settings.stopwordsHigh && isLong {
            return isSentenceShaped ? Verdict(.good) : Verdict(.nearGood)
        }
        if density >= settings.stopwordsLow { return Verdict(.nearGood) }
        // Name-heavy prose (sports results, lists of officials) has few stop words but is still made of sentences.
        if block.isTerminated && block.sentences >= 1 && density >= settings.stopwordsSentenceLow {
            return Verdict(.nearGood)
        }
        return Verdict(.bad, reason: "boilerplate")
    }

    /// A drop for the block's strongest cue category, if any applies: short blocks with a cue, long blocks whose
    /// cue words are dense and that address the reader.
    func cueVerdict(_ block: BlockFeatures) -> Verdict? {
        var best = -1
        for category in lexicon.categories.indices where block.cueHits[category] > 0 {
            if block.digitWords == 0 && settings.cueNeedsDigit.contains(lexicon.categories[category]) { continue }
            if best < 0 || block.cueHits[category] > block.cueHits[best] { best = category }
        }
        guard best >= 0 else { return nil }
        let name = lexicon.categories[best]
        let maxWords = settings.cueMaxWordsByCategory[name] ?? settings.cueMaxWords
        if block.words <= maxWords {
            // Labels and buttons are a few words; a longer unterminated line (a standfirst, a headline) needs
            // the reader addressed or dense cues.
            let isLabel = block.words <= settings.cueLabelWords && !block.isTerminated
            let isDense = Double(block.cueWords) >= settings.cueShortDensity * Double(block.words)
            // Captions and legal lines are plain sentences: they go on a strong cue (a phrase, `©`) or two cues.
            let isPlainSentenceCue =
                settings.cueDropsSentences.contains(name)
                && (block.strongCueHits[best] > 0 || block.cueHits[best] > 1)
            if isLabel || isDense || block.addressWords > 0 || isPlainSentenceCue {
                return Verdict(.bad, reason: name, isCue: true)
            }
            return nil
        }
        let words = Double(block.words)
        let speaksToReader = Double(block.addressWords) >= settings.addressDensity * words
        if Double(block.cueWords) >= settings.cueMinDensity * words
            && (speaksToReader || settings.cueDropsSentences.contains(name))
        {
            return Verdict(.bad, reason: name, isCue: true)
        }
        return nil
    }

    /// Stage 4a: runs of short unterminated lines are menus.
    func markMenuRuns(_ features: [BlockFeatures], _ verdicts: inout [Verdict]) {
        var runStart = 0
        func close(_ end: Int) {
            if end - runStart >= settings.menuRunLength {
                for index in runStart..<end where !verdicts[index].isCue {
                    verdicts[index] = Verdict(.bad, reason: "navigation")
                }
            }
        }
        for index in features.indices {
            let feature = features[index]
            let isMenuLine = feature.length < settings.menuLineLength && !feature.isTerminated
            if !isMenuLine {
                close(index)
                runStart = index + 1
            }
        }
        close(features.count)
    }

    /// Stage 4b: a block between two blocks dropped for the same cue category, that speaks to the reader, is part
    /// of the same appeal (the long middle paragraph of a donation box has no cue word of its own).
    func reviseAppealRuns(_ features: [BlockFeatures], _ verdicts: inout [Verdict]) {
        var changed = true
        var rounds = 0
        while changed && rounds < 3 {
            changed = false
            rounds += 1
            // Nearest non-short block on each side, found in two linear passes (no rescans over runs of shorts).
            let isAnchor = verdicts.map { $0.kind != .short }
            let previous = Self.nearestIndices(isAnchor, forward: true)
            let next = Self.nearestIndices(isAnchor, forward: false)
            let snapshot = verdicts
            for index in snapshot.indices where !snapshot[index].isCue {
                guard
                    features[index].addressWords >= settings.appealRunAddressWords
                        || features[index].length < settings.lengthLow,
                    let before = previous[index], snapshot[before].isCue,
                    let after = next[index], snapshot[after].isCue,
                    snapshot[before].reason == snapshot[after].reason,
                    !isBylineReason(snapshot[before].reason)
                else { continue }
                verdicts[index] = Verdict(.bad, reason: snapshot[before].reason, isCue: true)
                changed = true
            }
        }
    }

    /// Whether `reason` is the byline category (byline runs are not appeals).
    private func isBylineReason(_ reason: String?) -> Bool {
        guard let byline = categories.byline else { return false }
        return reason == lexicon.categories[byline]
    }

    /// For each position, the nearest index strictly before it (`forward`) or after it where `isAnchor` holds.
    static func nearestIndices(_ isAnchor: [Bool], forward: Bool) -> [Int?] {
        var result = [Int?](repeating: nil, count: isAnchor.count)
        var last: Int?
        let order = forward ? Array(isAnchor.indices) : Array(isAnchor.indices.reversed())
        for index in order {
            result[index] = last
            if isAnchor[index] { last = index }
        }
        return result
    }

    /// Stage 4c: jusText's context revision. Short blocks between good blocks become good, between bad ones bad;
    /// near-good blocks become good unless both neighbours are bad. The document's edges count as bad.
    /// Neighbours are found with precomputed nearest-index arrays, so long runs of short lines stay linear.
    func reviseShortAndNearGood(_ verdicts: inout [Verdict], _ shortFeatures: [BlockFeatures]) {
        let original = verdicts
        let strict = original.map { $0.kind == .good || $0.kind == .bad }
        let loose = original.map { $0.kind != .short }
        let strictBefore = Self.nearestIndices(strict, forward: true)
        let strictAfter = Self.nearestIndices(strict, forward: false)
        let looseBefore = Self.nearestIndices(loose, forward: true)
        let looseAfter = Self.nearestIndices(loose, forward: false)
        func kind(_ index: Int?) -> Verdict.Kind { index.map { original[$0].kind } ?? .bad }
        for index in original.indices where original[index].kind == .short {
            let previous = kind(strictBefore[index])
            let next = kind(strictAfter[index])
            if previous == .good && next == .good {
                verdicts[index] = Verdict(.good)
            } else if previous == .bad && next == .bad {
                verdicts[index] = Verdict(.bad, reason: "short")
            } else {
                let loosePrevious = kind(looseBefore[index])
                let looseNext = kind(looseAfter[index])
                // A closing sentence right after the body (the last line of many articles) stays with it.
                let isClosingSentence =
                    previous == .good && shortFeatures[index].isTerminated
                    && shortFeatures[index].words >= settings.closingSentenceMinWords
                let isGood =
                    (previous == .bad && loosePrevious == .nearGood) || (next == .bad && looseNext == .nearGood)
                    || isClosingSentence
                verdicts[index] = isGood ? Verdict(.good) : Verdict(.bad, reason: "short")
            }
        }
        let revised = verdicts
        let decided = revised.map { $0.kind == .good || $0.kind == .bad }
        let decidedBefore = Self.nearestIndices(decided, forward: true)
        let decidedAfter = Self.nearestIndices(decided, forward: false)
        for index in revised.indices where revised[index].kind == .nearGood {
            let previous = decidedBefore[index].map { revised[$0].kind } ?? .bad
            let next = decidedAfter[index].map { revised[$0].kind } ?? .bad
            verdicts[index] = previous == .bad && next == .bad ? Verdict(.bad, reason: "boilerplate") : Verdict(.good)
        }
    }

    /// Stage 5: the maximum-sum run of blocks (Kadane's algorithm), where a good block is worth its words (an
    /// isolated one, with no good block right before or after it, only `regionIsolatedWeight` of them: teaser
    /// lists alternate one sentence with headline, author and date lines) and a dropped block costs
    /// `regionBlockPenalty + regionWordPenalty × words` (growing along a gap), a closing heading (a short
    /// unterminated line cueing comments or related content) `regionClosingPenalty`, a date line
    /// `regionDatelinePenalty`: a related box inside an article is crossed, a comment thread or teaser list of
    /// short items is not. The run then ends at a comment-section heading met after `regionCommentsCutWords`
    /// words of paragraphs. Empty when no block is good.
    func densestRegion(_ features: [BlockFeatures], _ verdicts: [Verdict]) -> Range<Int> {
        var best = 0.0
        var bestRange = 0..<0
        var sum = 0.0
        var start = 0
        var gap = 0
        for index in verdicts.indices {
            let words = Double(features[index].words)
            let weight: Double
            let kind = verdicts[index].kind
            if kind == .good || kind == .nearGood {
                let hasGoodNeighbour =
                    (index > 0 && verdicts[index - 1].kind != .bad && verdicts[index - 1].kind != .short)
                    || (index + 1 < verdicts.count && verdicts[index + 1].kind != .bad
                        && verdicts[index + 1].kind != .short)
                let value = kind == .good ? words : words * settings.regionNearGoodWeight
                weight = hasGoodNeighbour ? value : value * settings.regionIsolatedWeight
            } else if isClosingHeading(features[index]) {
                weight = -settings.regionClosingPenalty
            } else if isDateline(features[index]) {
                weight = -settings.regionDatelinePenalty
            } else {
                // Each further dropped block in a row costs more: a long gap of menus and labels separates the
                // article from what follows more surely than a few scattered lines inside it.
                let growth = 1 + settings.regionGapGrowth * Double(gap)
                weight = -(settings.regionBlockPenalty * growth + settings.regionWordPenalty * words)
            }
            gap = kind == .good || kind == .nearGood ? 0 : gap + 1
            if sum <= 0 {
                sum = 0
                start = index
            }
            sum += weight
            if sum > best {
                best = sum
                bestRange = start..<(index + 1)
            }
        }
        // A comment-section heading after a substantial body ends the article, whatever follows.
        var goodWords = 0
        for index in bestRange {
            if verdicts[index].kind == .good || verdicts[index].kind == .nearGood {
                goodWords += features[index].words
            } else if goodWords >= settings.regionCommentsCutWords, !features[index].isTerminated,
                features[index].words <= settings.closingHeadingMaxWords, features[index].hits(categories.comments) > 0
            {
                return bestRange.lowerBound..<index
            }
        }
        return bestRange
    }

    /// A short unterminated line cueing comments or related content ("Comments", "Related stories").
    private func isClosingHeading(_ block: BlockFeatures) -> Bool {
        guard block.words <= settings.closingHeadingMaxWords, !block.isTerminated else { return false }
        return block.hits(categories.comments) > 0 || block.hits(categories.related) > 0
    }

    /// A date line: short, unterminated, a month or weekday name and a number. Inside a run of paragraphs, dates
    /// mark the posts of a comment thread or the items of a teaser list.
    private func isDateline(_ block: BlockFeatures) -> Bool {
        guard block.words <= settings.datelineMaxWords, !block.isTerminated, block.digitWords > 0 else { return false }
        return block.hits(categories.dateline) > 0
    }

    /// The block repeating the title (the page's headline), searched before the article region: a short block
    /// most of whose words are title words and that covers a good part of the title.
    func findHeadline(_ blocks: [[UInt8]], _ features: [BlockFeatures], titleWords: [UInt64], before end: Int) -> Int? {
        guard !titleWords.isEmpty else { return nil }
        let title = Set(titleWords)
        var found: Int?
        let limit = min(blocks.count, end + 1)
        for index in 0..<limit where features[index].words <= titleWords.count + 2 && features[index].words >= 2 {
            // Cheap test first: a repeated headline starts with a title word.
            guard let first = WordShingles.wordHashes(blocks[index], limit: 1).first, title.contains(first) else {
                continue
            }
            let words = WordShingles.wordHashes(blocks[index])
            let shared = words.reduce(0) { $0 + (title.contains($1) ? 1 : 0) }
            if Double(shared) >= settings.headlineOverlap * Double(words.count)
                && shared * 2 >= min(titleWords.count, max(2, titleWords.count - 4))
            {
                found = index
            }
        }
        return found
    }

    /// The standfirst: the first prose line of standfirst length shortly after the headline. When the body repeats
    /// it (often glued to an appeal), the standfirst copy is the `duplicate-lede`; when it stands outside the
    /// kept body it is taken as the standfirst only.
    func findStandfirst(
        _ blocks: [[UInt8]], _ features: [BlockFeatures], _ verdicts: inout [Verdict], after headline: Int,
        language: Int, into document: inout CleanedDocument
    ) {
        var candidate: Int?
        var index = headline + 1
        var looked = 0
        while index < blocks.count && looked < settings.standfirstSearchBlocks {
            let feature = features[index]
            if feature.length >= settings.standfirstMinLength && feature.length <= settings.standfirstMaxLength
                && (language < 0 || feature.stopDensity(language) >= settings.stopwordsLow)
                && !verdicts[index].isCue
            {
                candidate = index
                break
            }
            if feature.length >= settings.lengthLow { looked += 1 }
            index += 1
        }
        guard let standfirst = candidate else { return }
        let shingles = WordShingles(blocks[standfirst])
        guard !shingles.isEmpty else { return }
        // The repeated lede stands near the standfirst, usually a few blocks on.
        let window = (standfirst + 1)..<min(blocks.count, standfirst + 1 + settings.standfirstRepeatWindow)
        for other in window where verdicts[other].kind == .good {
            guard features[other].words >= features[standfirst].words else { continue }
            if shingles.containment(inWordsOf: blocks[other]) >= settings.duplicateContainment {
                document.standfirst = String(decoding: blocks[standfirst], as: UTF8.self)
                verdicts[standfirst] = Verdict(.bad, reason: "duplicate-lede")
                return
            }
        }
        if verdicts[standfirst].kind != .good {
            document.standfirst = String(decoding: blocks[standfirst], as: UTF8.self)
            if verdicts[standfirst].reason == nil || verdicts[standfirst].reason == "outside-article"
                || verdicts[standfirst].reason == "boilerplate"
            {
                verdicts[standfirst] = Verdict(.bad, reason: "standfirst")
            }
        }
    }

    /// Drops exact and near-duplicate kept blocks (the later copy goes): a block most of whose word 4-shingles
    /// were already seen in earlier kept blocks repeats them.
    func removeDuplicates(_ blocks: [[UInt8]], _ features: [BlockFeatures], _ verdicts: inout [Verdict]) {
        var seenShingles = HashSet64(capacity: 1024)
        var seenBlocks = HashSet64(capacity: 256)
        for block in blocks.indices where verdicts[block].kind == .good {
            let hash = blocks[block].withUnsafeBufferPointer { WordTable.hash($0, 0, $0.count) }
            if !seenBlocks.insert(hash) {
                verdicts[block] = Verdict(.bad, reason: "duplicate")
                continue
            }
            guard features[block].words >= settings.duplicateMinWords else { continue }
            let shingles = WordShingles(blocks[block])
            if shingles.containment(in: seenShingles) >= settings.duplicateContainment {
                verdicts[block] = Verdict(.bad, reason: "duplicate")
                continue
            }
            for hash in shingles.hashes { seenShingles.insert(hash) }
        }
    }

    /// The publication date (`YYYY-MM-DD`) from the first dropped short block with a date, among the blocks above
    /// the article body and the first few inside it (datelines often sit between paragraphs of a standfirst).
    func publicationDate(_ blocks: [[UInt8]], _ features: [BlockFeatures], _ verdicts: [Verdict], before start: Int)
        -> String?
    {
        let end = min(blocks.count, start + settings.datelineSearchBlocks)
        for index in 0..<end
        where verdicts[index].kind != .good && features[index].digitWords > 0
            && features[index].words <= settings.datelineMaxWords * 2
        {
            if let date = datelines.date(in: String(decoding: blocks[index], as: UTF8.self)) { return date }
        }
        return nil
    }

    /// The author from a kept-out byline `By Jane Doe` of two to five capitalised words.
    func author(_ blocks: [[UInt8]], _ features: [BlockFeatures], _ verdicts: [Verdict]) -> String? {
        for index in blocks.indices where verdicts[index].reason == "byline" {
            let text = String(decoding: blocks[index], as: UTF8.self)
            guard text.hasPrefix("By ") || text.hasPrefix("by ") else { continue }
            let name = text.dropFirst(3).split(separator: ",").first.map(String.init) ?? ""
            let words = name.split(separator: " ")
            guard (2...5).contains(words.count), words.allSatisfy({ $0.first?.isUppercase == true }) else { continue }
            return name
        }
        return nil
    }
}
