import BriefsDomain

extension HTMLCleaner {
    /// Uses a JSON-LD `articleBody` to decide the body, when it is the real text.
    ///
    /// The body is split into lower-cased word trigrams. A DOM block "belongs" when at least `jsonLDBlockMatch` of
    /// its trigrams occur in the body. When the blocks that belong cover at least `jsonLDCoverage` of the body's
    /// trigrams, the DOM reproduces the body: those blocks are kept (so the page's paragraphing is kept) unless the
    /// structure dropped them as boilerplate boxes or link lists, and the structurally chosen ones that do not belong
    /// are dropped as `not-in-article-body`. When the DOM has almost
    /// none of it and the structural choice found little text, the JSON-LD body itself becomes the paragraphs.
    /// - Returns: replacement paragraphs, or nil when the verdicts (possibly revised) stand.
    func applyArticleBody(_ body: String, page: FlatPage, verdicts: inout [ContentSelector.Verdict]) -> [String]? {
        let bodyTrigrams = Self.trigrams(of: Array(body.utf8)[...])
        guard bodyTrigrams.count * 5 >= settings.jsonLDMinChars, !bodyTrigrams.isEmpty else { return nil }
        let bodySet = Set(bodyTrigrams)
        var covered: Set<UInt64> = []
        var belongs = [Bool](repeating: false, count: page.blocks.count)
        for (index, block) in page.blocks.enumerated() where block.isInBody {
            let blockTrigrams = Self.trigrams(of: page.text[Int(block.start)..<Int(block.end)])
            guard !blockTrigrams.isEmpty else { continue }
            let hits = blockTrigrams.reduce(0) { $0 + (bodySet.contains($1) ? 1 : 0) }
            if Double(hits) >= settings.jsonLDBlockMatch * Double(blockTrigrams.count) {
                belongs[index] = true
                for trigram in blockTrigrams where bodySet.contains(trigram) { covered.insert(trigram) }
            }
        }
        let coverage = Double(covered.count) / Double(bodySet.count)
        if coverage >= settings.jsonLDCoverage {
            var seen: Set<UInt64> = []
            for index in page.blocks.indices {
                let block = page.blocks[index]
                let key = ClassHints.hash(page.text[Int(block.start)..<Int(block.end)])
                if belongs[index] {
                    let isLong = block.end - block.start >= Int32(settings.dedupeMinChars)
                    if page.elements[Int(block.owner)].tag == .h1 {
                        verdicts[index] = .dropped("title")
                    } else if isLong && !seen.insert(key).inserted {
                        verdicts[index] = .dropped("duplicate")
                    } else if case .dropped(let reason) = verdicts[index], !Self.recoverableReasons.contains(reason) {
                        continue  // a box or link list that the JSON-LD body happens to repeat (a promo line)
                    } else {
                        verdicts[index] = .kept
                    }
                } else if verdicts[index] == .kept {
                    verdicts[index] = .dropped("not-in-article-body")
                }
            }
            return nil
        }
        let keptChars = page.blocks.indices.reduce(0) { total, index in
            verdicts[index] == .kept ? total + Int(page.blocks[index].end - page.blocks[index].start) : total
        }
        if coverage < 0.2 && keptChars * 3 < body.utf8.count {
            for index in verdicts.indices where verdicts[index] == .kept {
                verdicts[index] = .dropped("not-in-article-body")
            }
            return body.split(whereSeparator: \.isNewline).map { $0.collapsedWhitespace }.filter { !$0.isEmpty }
        }
        return nil
    }

    /// Structural reasons that the JSON-LD body may overrule: the block was only outside the chosen root, short,
    /// or in a teaser-like container. Boilerplate boxes and link lists stay dropped even when the body repeats them.
    static let recoverableReasons: Set<String> = ["outside-article", "short", "teaser", "duplicate"]

    /// Hashes of consecutive lower-cased word triples (words: runs of letters and digits, any script; a text of
    /// one or two words gives one shorter "trigram").
    static func trigrams(of bytes: ArraySlice<UInt8>) -> [UInt64] {
        var words: [UInt64] = []
        var current: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for byte in bytes {
            if ClassHints.isTokenByte(byte) {
                current ^= UInt64((65...90).contains(byte) ? byte | 0x20 : byte)
                current &*= 0x100_0000_01b3
                inWord = true
            } else if inWord {
                words.append(current)
                current = 0xcbf2_9ce4_8422_2325
                inWord = false
            }
        }
        if inWord { words.append(current) }
        guard words.count >= 3 else { return words.isEmpty ? [] : [words.reduce(0) { $0 &* 31 &+ $1 }] }
        return (0..<(words.count - 2)).map { words[$0] &* 0x9E37_79B9 ^ (words[$0 + 1] &* 31) ^ words[$0 + 2] }
    }
}
