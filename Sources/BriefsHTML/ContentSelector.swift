/// Chooses the article's blocks from a flattened page.
///
/// Stages (each a function below):
/// 1. `measure`: per block, weighted characters and link density; prose = long enough and few links.
///    `teaserContainers`: small containers whose heading is a link (cards of other stories) hold no prose.
/// 2. `proseMass`: per element, the prose characters in its subtree, first raw, then with boilerplate boxes
///    (negative class/id hints, `nav`/`aside`/`footer`/`figure`/... elements) left out unless they wrap most of
///    the page.
/// 3. `contentRoot`: from `<body>`, descend into the child that holds most of the prose while it holds at least
///    `descendRatio` of it; the element where that stops holds the article. `articleBodyAncestor` widens it to an
///    enclosing `itemprop="articleBody"`; `proseSiblings` adds preceding siblings that are mostly prose (a lede
///    set apart).
/// 4. `classify`: each block alone (outside the root, boilerplate box, teaser card, headline, link list, known
///    furniture line, short), then `reviseShortBlocks` by neighbours: short blocks stay between prose, subheadings
///    before prose, whole sentences right next to it.
/// 5. `dedupe`: a long block whose text was already kept is dropped.
struct ContentSelector {
    let settings: HTMLCleanerSettings
    let hints: ClassHints
    /// Furniture lines (keyed by `furnitureKey`) → reason.
    let furnitureLines: HashedTable<String>

    /// A block's verdict: kept, or dropped with a reason.
    enum Verdict: Equatable {
        case kept
        case dropped(String)
    }

    struct Measure {
        var weighted: Double
        var linkDensity: Double
        var isProse: Bool
    }

    /// The verdict for every block of `page`, in block order, and the chosen root element.
    func select(_ page: FlatPage) -> (verdicts: [Verdict], root: Int32) {
        var measures = page.blocks.map { measure($0, page: page) }
        let elementCount = page.elements.count
        guard elementCount > 0 else { return (page.blocks.map { _ in .dropped("empty") }, -1) }
        let top: Int32 = page.bodyElement >= 0 ? page.bodyElement : 0
        let totals = textTotals(page, measures: measures)
        let teasers = teaserContainers(page, measures: measures, totals: totals)
        for index in page.blocks.indices where teasers[Int(page.blocks[index].owner)] {
            measures[index].isProse = false
        }
        let raw = proseMass(page, measures: measures, blocked: nil)
        let blocked = boilerplateBoxes(page, raw: raw, top: top)
        let mass = proseMass(page, measures: measures, blocked: blocked)
        let root = articleBodyAncestor(page, of: contentRoot(page, mass: mass, top: top), top: top)
        let reasons = boxReasons(page, raw: raw, root: root)
        let roots = [root] + proseSiblings(page, of: root, top: top, mass: mass, totals: totals, reasons: reasons)
        var verdicts = classify(
            page, measures: measures, roots: roots, reasons: reasons, teasers: teasers)
        dedupe(page, measures: measures, verdicts: &verdicts)
        return (verdicts, root)
    }

    func measure(_ block: FlatPage.Block, page: FlatPage) -> Measure {
        let weighted = Double(block.narrowChars) + Double(block.wideChars) * settings.wideCharWeight
        let link = Double(block.linkNarrowChars) + Double(block.linkWideChars) * settings.wideCharWeight
        let density = weighted > 0 ? link / weighted : 0
        let tag = page.elements[Int(block.owner)].tag
        let isHeading = tag == .h1 || tag.isSubheading
        let isProse = block.isInBody && !isHeading && weighted >= Double(settings.minProseChars)
            && density <= settings.maxProseLinkDensity
        return Measure(weighted: weighted, linkDensity: density, isProse: isProse)
    }

    /// Prose characters (discounted by link density) per element subtree; blocks owned by a blocked element count 0.
    func proseMass(_ page: FlatPage, measures: [Measure], blocked: [Bool]?) -> [Double] {
        var mass = [Double](repeating: 0, count: page.elements.count)
        for (index, block) in page.blocks.enumerated() where measures[index].isProse {
            let owner = Int(block.owner)
            if let blocked, blocked[owner] { continue }
            mass[owner] += measures[index].weighted * (1 - measures[index].linkDensity)
        }
        for index in stride(from: page.elements.count - 1, through: 1, by: -1) {
            let parent = Int(page.elements[index].parent)
            if parent >= 0 { mass[parent] += mass[index] }
        }
        return mass
    }

    /// Whether each element lies in a boilerplate box: a boilerplate tag or negative hint on an element (or an
    /// ancestor) that holds less than `wrapperHintRatio` of the page's prose.
    func boilerplateBoxes(_ page: FlatPage, raw: [Double], top: Int32) -> [Bool] {
        var blocked = [Bool](repeating: false, count: page.elements.count)
        let limit = raw[Int(top)] * settings.wrapperHintRatio
        for index in 0..<page.elements.count {
            let element = page.elements[index]
            if element.parent >= 0, blocked[Int(element.parent)] {
                blocked[index] = true
                continue
            }
            let isBox = element.tag.boilerplateReason != nil || element.hint.negativeReason != 0
            if isBox && !element.isArticleBody && raw[index] < limit { blocked[index] = true }
        }
        return blocked
    }

    /// All text characters and link characters (weighted) per element subtree, body blocks only.
    func textTotals(_ page: FlatPage, measures: [Measure]) -> (chars: [Double], links: [Double]) {
        var chars = [Double](repeating: 0, count: page.elements.count)
        var links = [Double](repeating: 0, count: page.elements.count)
        for (index, block) in page.blocks.enumerated() where block.isInBody {
            chars[Int(block.owner)] += measures[index].weighted
            links[Int(block.owner)] += measures[index].weighted * measures[index].linkDensity
        }
        for index in stride(from: page.elements.count - 1, through: 1, by: -1) {
            let parent = Int(page.elements[index].parent)
            if parent >= 0 {
                chars[parent] += chars[index]
                links[parent] += links[index]
            }
        }
        return (chars, links)
    }

    /// Teaser cards: a small container (under `teaserMaxChars`) whose heading is a link, as in lists of other
    /// articles ("<li><h3><a>Other story</a></h3><p>Its summary…</p></li>"). Their summaries read like prose but
    /// are not this article's. Marks the heading's parent and everything below it.
    func teaserContainers(_ page: FlatPage, measures: [Measure], totals: (chars: [Double], links: [Double])) -> [Bool] {
        var marked = [Bool](repeating: false, count: page.elements.count)
        for (index, block) in page.blocks.enumerated() where block.isInBody {
            let owner = page.elements[Int(block.owner)]
            guard owner.tag == .h1 || owner.tag.isSubheading, measures[index].linkDensity >= 0.8 else { continue }
            let parent = Int(owner.parent)
            if parent >= 0, totals.chars[parent] <= Double(settings.teaserMaxChars) { marked[parent] = true }
        }
        for index in page.elements.indices {
            let parent = Int(page.elements[index].parent)
            if parent >= 0, marked[parent] { marked[index] = true }
        }
        return marked
    }

    /// Siblings before the root, and before its ancestors up to `siblingLevels` levels (never past `top`), that are
    /// mostly prose (prose mass at least `siblingProseShare` of their text) and no boilerplate box: a lede or first
    /// section set apart from the rest. (Siblings after the root are far more often newsletter boxes and comments
    /// than article text.)
    func proseSiblings(
        _ page: FlatPage, of root: Int32, top: Int32, mass: [Double], totals: (chars: [Double], links: [Double]),
        reasons: [String?]
    ) -> [Int32] {
        var siblings: [Int32] = []
        var node = root
        for _ in 0..<settings.siblingLevels {
            guard node >= 0, node != top else { break }
            let parent = page.elements[Int(node)].parent
            guard parent >= 0 else { break }
            for index in Int(parent) + 1..<Int(node) where page.elements[index].parent == parent {
                guard mass[index] > 0, reasons[index] == nil, totals.chars[index] > 0 else { continue }
                if mass[index] >= settings.siblingProseShare * totals.chars[index] { siblings.append(Int32(index)) }
            }
            node = parent
        }
        return siblings
    }

    /// The nearest ancestor of `root` (up to `top`) marked `itemprop="articleBody"`, else `root`: the page's own
    /// statement of where its text is wins over the prose-mass guess, which may stop inside one of its sections.
    func articleBodyAncestor(_ page: FlatPage, of root: Int32, top: Int32) -> Int32 {
        var node = root
        while node >= 0 {
            if page.elements[Int(node)].isArticleBody { return node }
            if node == top { break }
            node = page.elements[Int(node)].parent
        }
        return root
    }

    /// The element that holds the article: see stage 3.
    func contentRoot(_ page: FlatPage, mass: [Double], top: Int32) -> Int32 {
        // Children lists, built once.
        var firstChild = [Int32](repeating: -1, count: page.elements.count)
        var nextSibling = [Int32](repeating: -1, count: page.elements.count)
        for index in stride(from: page.elements.count - 1, through: 0, by: -1) {
            let parent = Int(page.elements[index].parent)
            guard parent >= 0 else { continue }
            nextSibling[index] = firstChild[parent]
            firstChild[parent] = Int32(index)
        }
        var current = Int(top)
        while mass[current] > 0 {
            var best = -1
            var child = Int(firstChild[current])
            while child >= 0 {
                if best < 0 || mass[child] > mass[best] { best = child }
                child = Int(nextSibling[child])
            }
            guard best >= 0, mass[best] >= settings.descendRatio * mass[current] else { break }
            current = best
        }
        return Int32(current)
    }

    /// Per element, the reason its blocks are boilerplate when it is (or lies in) a boilerplate box, judged
    /// relative to the root: boxes holding at least `wrapperHintRatio` of the root's prose are wrappers, not boxes.
    func boxReasons(_ page: FlatPage, raw: [Double], root: Int32) -> [String?] {
        var reasons = [String?](repeating: nil, count: page.elements.count)
        let limit = raw[Int(root)] * settings.wrapperHintRatio
        for index in 0..<page.elements.count where index != Int(root) {
            let element = page.elements[index]
            if element.parent >= 0, element.parent != root, let inherited = reasons[Int(element.parent)] {
                reasons[index] = inherited
                continue
            }
            guard !element.isArticleBody, raw[index] < limit || raw[index] == 0 else { continue }
            if let reason = element.tag.boilerplateReason {
                reasons[index] = reason
            } else if element.hint.negativeReason != 0 {
                reasons[index] = hints.reason(element.hint.negativeReason)
            }
        }
        return reasons
    }

    func classify(
        _ page: FlatPage, measures: [Measure], roots: [Int32], reasons: [String?], teasers: [Bool]
    ) -> [Verdict] {
        var inRoot = [Bool](repeating: false, count: page.elements.count)
        for root in roots where root >= 0 { inRoot[Int(root)] = true }
        if let first = roots.min(), first >= 0 {
            for index in Int(first) + 1..<page.elements.count {
                let parent = Int(page.elements[index].parent)
                if parent >= 0, inRoot[parent] { inRoot[index] = true }
            }
        }
        let root = roots.first ?? -1
        let rootIsTeaser = root >= 0 && teasers[Int(root)]
        // The first `<h1>` in the body is the headline; a later one inside the article is used as a subheading.
        let headline = page.blocks.firstIndex { $0.isInBody && page.elements[Int($0.owner)].tag == .h1 }
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(page.blocks.count)
        var isShort = [Bool](repeating: false, count: page.blocks.count)
        for (index, block) in page.blocks.enumerated() {
            let owner = Int(block.owner)
            let measure = measures[index]
            let tag = page.elements[owner].tag
            if !block.isInBody {
                verdicts.append(.dropped("outside-body"))
            } else if !inRoot[owner] {
                verdicts.append(.dropped(reasons[owner] ?? "outside-article"))
            } else if tag == .h1 && index == headline {
                verdicts.append(.dropped("title"))
            } else if let reason = reasons[owner] {
                verdicts.append(.dropped(reason))
            } else if teasers[owner] && !rootIsTeaser {
                verdicts.append(.dropped("teaser"))
            } else if measure.linkDensity > settings.maxBlockLinkDensity
                && !(block.links <= Int32(settings.fewLinks) && measure.weighted >= Double(settings.fewLinksMinChars))
            {
                verdicts.append(.dropped("links"))
            } else if measure.weighted < Double(settings.shortBlockChars)
                && measure.linkDensity > settings.maxShortBlockLinkDensity
            {
                verdicts.append(.dropped("links"))
            } else if let reason = furnitureReason(page, block) {
                verdicts.append(.dropped(reason))
            } else {
                verdicts.append(.kept)
                isShort[index] = measure.weighted < Double(settings.shortBlockChars)
            }
        }
        reviseShortBlocks(page, measures: measures, verdicts: &verdicts, isShort: isShort)
        return verdicts
    }

    /// Short kept blocks stay only between prose (the nearest kept neighbours on both sides are prose, or the
    /// block is a subheading followed by prose); short runs at the start or end of the article are dropped.
    func reviseShortBlocks(_ page: FlatPage, measures: [Measure], verdicts: inout [Verdict], isShort: [Bool]) {
        let kept = verdicts.indices.filter { verdicts[$0] == .kept }
        guard !kept.isEmpty else { return }
        // Short blocks stay only between the first and the last long one (linear, whatever the page).
        guard let firstLong = kept.firstIndex(where: { !isShort[$0] }),
            let lastLong = kept.lastIndex(where: { !isShort[$0] })
        else { return }
        // Whole sentences right next to the prose (no dropped block between) also stay: a closing line such as
        // "In short, the plan failed." Bylines, datelines and labels rarely end like a sentence.
        var attached = Set<Int>()
        var position = lastLong + 1
        while position < kept.count, kept[position] == kept[position - 1] + 1, isSentence(page, kept[position]) {
            attached.insert(kept[position])
            position += 1
        }
        position = firstLong - 1
        while position >= 0, kept[position] + 1 == kept[position + 1], isSentence(page, kept[position]) {
            attached.insert(kept[position])
            position -= 1
        }
        for (position, index) in kept.enumerated() where isShort[index] && !attached.contains(index) {
            let previousProse = position > firstLong
            let nextProse = position < lastLong
            let tag = page.elements[Int(page.blocks[index].owner)].tag
            if tag.isSubheading || tag == .h1 {
                if !nextProse { verdicts[index] = .dropped("short") }
            } else if !(previousProse && nextProse) {
                verdicts[index] = .dropped("short")
            }
        }
    }

    /// Whether a block reads as a whole sentence: at least four words (or eight wide characters) and a final
    /// `.`, `!`, `?`, `…` or CJK full stop, possibly inside closing quotes or brackets.
    func isSentence(_ page: FlatPage, _ index: Int) -> Bool {
        let block = page.blocks[index]
        let tag = page.elements[Int(block.owner)].tag
        guard !tag.isSubheading, tag != .h1 else { return false }
        let text = page.text[Int(block.start)..<Int(block.end)]
        let spaces = text.reduce(0) { $0 + ($1 == 0x20 ? 1 : 0) }
        guard spaces >= 3 || block.wideChars >= 8 else { return false }
        var scalars = String(decoding: text, as: UTF8.self).unicodeScalars.reversed().makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{00BB}", "\u{300D}": continue
            case ".", "!", "?", "\u{2026}", "\u{3002}", "\u{FF01}", "\u{FF1F}": return true
            default: return false
            }
        }
        return false
    }

    /// The reason when the whole block is a known furniture line ("Advertisement", "Share this").
    func furnitureReason(_ page: FlatPage, _ block: FlatPage.Block) -> String? {
        guard block.end - block.start <= 64 else { return nil }
        return furnitureLines[Self.furnitureKey(page.text[Int(block.start)..<Int(block.end)])]
    }

    /// FNV-1a of the text with ASCII letters lower-cased and trailing ASCII punctuation and spaces removed (so
    /// "Advertisement:" and "ADVERTISEMENT" match "advertisement").
    static func furnitureKey<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var end = bytes.endIndex
        while end > bytes.startIndex {
            let last = bytes[bytes.index(before: end)]
            let isAlphanumeric = last >= 0x80 || (last | 0x20 >= 97 && last | 0x20 <= 122) || (last >= 48 && last <= 57)
            if isAlphanumeric { break }
            end = bytes.index(before: end)
        }
        return ClassHints.hash(bytes[..<end].lazy.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 })
    }

    /// Drops kept blocks of at least `dedupeMinChars` whose exact text was kept before: a page that prints its text
    /// twice (desktop and mobile copies). Shorter lines legitimately repeat in lists and recipes.
    func dedupe(_ page: FlatPage, measures: [Measure], verdicts: inout [Verdict]) {
        var seen: Set<UInt64> = []
        for (index, block) in page.blocks.enumerated() where verdicts[index] == .kept && measures[index].weighted >= Double(settings.dedupeMinChars)
        {
            let key = ClassHints.hash(page.text[Int(block.start)..<Int(block.end)])
            if !seen.insert(key).inserted { verdicts[index] = .dropped("duplicate") }
        }
    }
}
