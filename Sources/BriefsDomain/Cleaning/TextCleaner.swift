/// Cleans pasted page text ("select all, copy" of a web page) into the article's own paragraphs.
///
/// The pipeline, one pure stage after another (each a function below or in its own file):
///
/// 1. **normalize** (`BlockSplitter`): white space collapsed, invisible characters dropped, input and block sizes
///    capped.
/// 2. **blocks** (`BlockSplitter`): one block per line; glued sentences (`difference.U.S. Secretary`) split apart,
///    abbreviations (`Mr.`, `Jan.`, `No.`) kept whole. For pasted text the first line is the page title.
/// 3. **measure and classify each block alone** (`BlockScanner`, `classifyAlone`): length, words, stop-word
///    density in the page's language (detected from the stop-word lists, jusText's idea), sentence shape
///    (terminal punctuation, sentence count), first- and second-person address, cue phrases of boilerplate
///    categories (donation appeals, newsletters, share bars, captions, legal text, related links, bylines,
///    datelines...), URLs, cut-off teasers, binary noise. A block becomes `good`, `nearGood`, `short` or `bad`
///    (with a reason).
/// 4. **revise by neighbours, part one** (`markMenuRuns`, `reviseAppealRuns`): runs of short unterminated lines
///    are navigation; a block inside a run of appeal blocks that speaks to the reader joins the appeal.
/// 5. **article region** (`densestRegion`): the article is one contiguous dense run of blocks. On the blocks'
///    own classes, the maximum-sum segment is found (paragraphs weigh their words, isolated ones less; dropped
///    blocks, longer gaps, closing headings and date lines cost), and it ends at a comment-section heading.
/// 6. **revise by neighbours, part two** (`reviseShortAndNearGood`): short and near-good blocks take the class
///    of their good or bad neighbours (jusText's context revision); good blocks outside the region go, short
///    closing sentences at its edges join it.
/// 7. **headline, standfirst, duplicates** (`findHeadline`, `findStandfirst`, `removeDuplicates`): the headline
///    repeated in the page is dropped, the summary line under it becomes the standfirst (its repetition glued
///    to the body is the `duplicate-lede`), exact and near-duplicate paragraphs go.
/// 8. **join**: kept blocks in order become the paragraphs; every other block is listed in `removed` with its
///    reason; the author and the publication date are read from the byline and dateline above the body.
///
/// Each stage is linear in the input (neighbours come from precomputed index arrays, duplicates from a shingle
/// hash set), so a 2 MiB paste is cheap.
public struct TextCleaner: Sendable {
    let settings: CleaningSettings
    let lexicon: CleaningLexicon
    let categories: CueCategories
    let datelines: DatelineReader

    /// Loads `cleaning.json` (optional: defaults apply), the stop-word lists and the cue lists.
    /// - Throws: `ConfigFileError` naming the file (and line) at fault, including a `cleaning.json` key naming a
    ///   cue category that has no list.
    public init(config: ConfigFiles) throws(ConfigFileError) {
        if let data = config.files["cleaning.json"] {
            settings = try CleaningSettings(json: data)
        } else {
            settings = CleaningSettings()
        }
        lexicon = try CleaningLexicon(config: config)
        categories = CueCategories(lexicon: lexicon)
        datelines = try DatelineReader(config: config)
        for name in settings.namedCategories.sorted() where lexicon.category(named: name) == nil {
            throw .invalid(
                path: "cleaning.json", line: nil,
                reason: "no cue list \(CleaningLexicon.cuesFolder)\(name).txt for a key naming \(name)")
        }
    }

    /// Cleans a pasted page.
    /// - Parameters:
    ///   - text: the pasted page, title first.
    ///   - title: a title given explicitly; then the first line is not taken as the title.
    public func clean(text: String, title: String? = nil) -> CleanedDocument {
        let splitter = BlockSplitter(lexicon: lexicon, maxBlockBytes: settings.maxBlockBytes)
        var blocks = splitter.blocks(of: text, maxInputBytes: settings.maxInputBytes)
        var pageTitle = title
        if pageTitle == nil, !blocks.isEmpty {
            pageTitle = String(decoding: blocks.removeFirst(), as: UTF8.self)
        }
        return clean(normalizedBlocks: blocks, title: pageTitle, titleGiven: title != nil)
    }

    /// Cleans blocks already split by the caller (the HTML cleaner's leftover blocks). Each block is normalised
    /// and glued sentences in it are split as for pasted text; no block is taken as the title.
    /// - Parameters:
    ///   - blocks: the page's text blocks in reading order.
    ///   - title: the page title, if known (used to find and drop the repeated headline).
    public func clean(blocks: [String], title: String?) -> CleanedDocument {
        let splitter = BlockSplitter(lexicon: lexicon, maxBlockBytes: settings.maxBlockBytes)
        var normalized: [[UInt8]] = []
        var budget = settings.maxInputBytes
        for block in blocks where budget > 0 {
            var utf8 = Array(block.utf8)
            if utf8.count > budget {
                var cut = budget
                while cut > 0 && utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
                utf8.removeSubrange(cut...)
            }
            budget -= utf8.count
            utf8.withUnsafeBufferPointer { splitter.append(from: $0, to: &normalized) }
        }
        return clean(normalizedBlocks: normalized, title: title, titleGiven: true)
    }

    /// Stages 3–7 over normalised blocks.
    func clean(normalizedBlocks blocks: [[UInt8]], title: String?, titleGiven: Bool) -> CleanedDocument {
        var scanner = BlockScanner(lexicon: lexicon, cjkWeight: settings.cjkCharacterWeight)
        let features = blocks.map { scanner.features(of: $0) }
        let language = pageLanguage(features)
        var verdicts = features.map { classifyAlone($0, language: language) }
        markMenuRuns(features, &verdicts)
        reviseAppealRuns(features, &verdicts)
        // The region is judged on the blocks' own classes: after revision, the headline, author and date lines of
        // a teaser list would have joined their teaser sentences.
        var region = densestRegion(features, verdicts)
        let aloneVerdicts = verdicts
        reviseShortAndNearGood(&verdicts, features)
        // Short sentences revised to good at the region's edges (an article's last line) join it.
        func joins(_ index: Int) -> Bool {
            aloneVerdicts[index].kind == .short && verdicts[index].kind == .good && features[index].isTerminated
        }
        var upper = region.upperBound
        while !region.isEmpty && upper < verdicts.count && joins(upper) { upper += 1 }
        var lower = region.lowerBound
        while !region.isEmpty && lower > 0 && joins(lower - 1) { lower -= 1 }
        region = lower..<upper
        for index in verdicts.indices where verdicts[index].kind == .good && !region.contains(index) {
            verdicts[index] = Verdict(.bad, reason: "outside-article")
        }
        var document = CleanedDocument(title: title, paragraphs: [])
        let titleWords = title.map { WordShingles.wordHashes(Array($0.utf8)) } ?? []
        if let headline = findHeadline(blocks, features, titleWords: titleWords, before: region.lowerBound) {
            if !titleGiven { document.title = String(decoding: blocks[headline], as: UTF8.self) }
            verdicts[headline] = Verdict(.bad, reason: "headline")
            findStandfirst(blocks, features, &verdicts, after: headline, language: language, into: &document)
        } else {
            findStandfirst(blocks, features, &verdicts, after: -1, language: language, into: &document)
        }
        removeDuplicates(blocks, features, &verdicts)
        // Join.
        for index in blocks.indices {
            let text = String(decoding: blocks[index], as: UTF8.self)
            if verdicts[index].kind == .good {
                document.paragraphs.append(text)
            } else {
                document.removed.append(RemovedBlock(text: text, reason: verdicts[index].reason ?? "boilerplate"))
            }
        }
        document.metadata.language = languageCode(language, features)
        document.metadata.author = author(blocks, features, verdicts)
        document.metadata.publishedAt = publicationDate(blocks, features, verdicts, before: region.lowerBound)
        return document
    }
}
