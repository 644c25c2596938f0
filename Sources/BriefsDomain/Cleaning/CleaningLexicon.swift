import Foundation

/// The word lists the cleaner uses, compiled into one `WordTable` at start-up.
///
/// - `lexicons/stopwords/<lang>.txt`: stop words per language (jusText's idea: article prose is full of them,
///   menus and link lists are not). The file name is the language code; at most 16 languages.
/// - `lexicons/cleaning/cues/<category>.txt`: cue words and phrases of a boilerplate category; the file name is the
///   reason reported for blocks dropped for it (`donation-appeal`, `newsletter`, `share`, ...). An entry is one or
///   more words; a leading `^` anchors it at the start of a block.
/// - `lexicons/cleaning/address.txt`: first- and second-person words (`you`, `we`, `our`...) and calls to action,
///   the voice of appeals.
/// - `lexicons/cleaning/abbreviations.txt`: words written with a final period that does not end a sentence
///   (`Mr`, `Jan`, `No`); used when splitting glued sentences.
///
/// Entries are stored lower-cased and matched case-insensitively: a word is folded before its look-up only when it
/// has a capital or a non-ASCII letter.
struct CleaningLexicon: Sendable {
    /// A cue phrase: its words as (lower-case) word ids, its category, and whether it must open the block.
    struct Phrase: Sendable {
        var words: [Int32]
        var category: Int
        var isAnchored: Bool
        /// Several words, or a symbol (`©`): strong evidence on its own.
        var isStrong: Bool
    }

    private(set) var table = WordTable(capacity: 16_384)
    /// What the lexicon knows of one word, packed in 8 bytes so that a look-up touches one cache line.
    struct WordInfo: Sendable {
        /// Bit `l` set when the word is a stop word of `languages[l]`.
        var stopMask: UInt32 = 0
        /// A first- or second-person word or a call to action.
        var isAddress = false
        /// An abbreviation taking a period.
        var isAbbreviation = false
        /// Index in `phraseGroups` of the cue phrases starting with this word, or -1.
        var phraseGroup: Int32 = -1
    }

    /// Per table id (entries are stored lower-cased, so an id also identifies the word in cue phrases).
    private(set) var info: [WordInfo] = []
    /// Per word id: the phrases starting with that word.
    private(set) var phraseGroups: [[Int]] = []
    private(set) var phrases: [Phrase] = []
    /// Language codes, in bit order of `stopMask`.
    private(set) var languages: [String] = []
    /// Boilerplate categories, in the order of `Phrase.category`.
    private(set) var categories: [String] = []
    private var lowerBuffer: [UInt8] = []

    static let stopwordsFolder = "lexicons/stopwords/"
    static let cuesFolder = "lexicons/cleaning/cues/"
    static let addressPath = "lexicons/cleaning/address.txt"
    static let abbreviationsPath = "lexicons/cleaning/abbreviations.txt"

    /// Reads the lists from `config`.
    /// - Throws: `ConfigFileError.missing` for a missing address or abbreviation list or when no stop-word list
    ///   exists; `.invalid` (with `file:line`) for an entry that is not one word where one is expected, an entry
    ///   with no word in it, or a duplicate cue entry.
    init(config: ConfigFiles) throws(ConfigFileError) {
        info.reserveCapacity(32_768)
        let stopPaths = config.files.keys.filter { $0.hasPrefix(Self.stopwordsFolder) && $0.hasSuffix(".txt") }.sorted()
        guard !stopPaths.isEmpty else { throw .missing(Self.stopwordsFolder + "<lang>.txt") }
        guard stopPaths.count <= BlockFeatures.maxLanguages else {
            throw .invalid(
                path: Self.stopwordsFolder, line: nil,
                reason: "at most \(BlockFeatures.maxLanguages) stop-word languages")
        }
        for (bit, path) in stopPaths.enumerated() {
            languages.append(String(path.dropFirst(Self.stopwordsFolder.count).dropLast(4)))
            let flag = UInt32(1) << UInt32(bit)
            try loadWords(config, path) { lexicon, id in lexicon.info[id].stopMask |= flag }
        }
        try loadWords(config, Self.addressPath) { lexicon, id in lexicon.info[id].isAddress = true }
        try loadWords(config, Self.abbreviationsPath, allowingFinalPeriod: true) { lexicon, id in
            lexicon.info[id].isAbbreviation = true
        }
        let cuePaths = config.files.keys.filter { $0.hasPrefix(Self.cuesFolder) && $0.hasSuffix(".txt") }.sorted()
        guard cuePaths.count <= 32 else {
            throw .invalid(path: Self.cuesFolder, line: nil, reason: "at most 32 cue categories")
        }
        for path in cuePaths {
            let category = categories.count
            categories.append(String(path.dropFirst(Self.cuesFolder.count).dropLast(4)))
            var seen: Set<[Int32]> = []
            for (line, entry) in try config.listEntries(path) {
                let isAnchored = entry.hasPrefix("^")
                let words = CleaningTokenizer.words(of: isAnchored ? String(entry.dropFirst()) : entry)
                guard !words.isEmpty else {
                    throw .invalid(path: path, line: line, reason: "no word in entry: \(entry)")
                }
                var ids: [Int32] = []
                for word in words {
                    var lowerID = -1
                    Array(word.utf8).withUnsafeBufferPointer { buffer in
                        insertLowered(buffer) { _, id in if lowerID < 0 { lowerID = id } }
                    }
                    guard lowerID >= 0 else {
                        throw .invalid(path: path, line: line, reason: "too many words in the cleaning lists")
                    }
                    ids.append(Int32(lowerID))
                }
                guard seen.insert(ids).inserted else {
                    throw .invalid(path: path, line: line, reason: "duplicate entry: \(entry)")
                }
                let first = Int(ids[0])
                if info[first].phraseGroup < 0 {
                    info[first].phraseGroup = Int32(phraseGroups.count)
                    phraseGroups.append([])
                }
                phraseGroups[Int(info[first].phraseGroup)].append(phrases.count)
                let isSymbol = words.count == 1 && !words[0].unicodeScalars.contains { $0.properties.isAlphabetic }
                phrases.append(
                    Phrase(
                        words: ids, category: category, isAnchored: isAnchored, isStrong: words.count > 1 || isSymbol))
            }
        }
    }

    /// The indices of the phrases whose first word has id `word`.
    @inline(__always)
    func phraseGroup(startingWith word: Int32) -> [Int]? {
        let group = info[Int(word)].phraseGroup
        return group < 0 ? nil : phraseGroups[Int(group)]
    }

    /// The category index named `name`, if that cue list exists.
    func category(named name: String) -> Int? { categories.firstIndex(of: name) }

    /// Inserts every entry of the one-word-per-line list at `path` (with its case variants), calling `mark` with
    /// each id.
    private mutating func loadWords(
        _ config: ConfigFiles, _ path: String, allowingFinalPeriod: Bool = false,
        mark: (inout CleaningLexicon, Int) -> Void
    ) throws(ConfigFileError) {
        let data = try config.data(path)
        var badLine: (Int, String)?
        data.withUnsafeBytes { raw in
            Self.forEachEntry(raw.bindMemory(to: UInt8.self)) { line, entry in
                var word = entry
                if allowingFinalPeriod, let last = word.last, last == 0x2E {
                    word = UnsafeBufferPointer(rebasing: word.dropLast())
                }
                guard Self.isOneWord(word) else {
                    badLine = (line, String(decoding: entry, as: UTF8.self))
                    return false
                }
                insertLowered(word, mark: mark)
                return true
            }
        }
        if let (line, text) = badLine {
            throw .invalid(path: path, line: line, reason: "expected one word: \(text)")
        }
        if table.count > WordTable.maxCount / 2 {
            throw .invalid(path: path, line: nil, reason: "too many words in the cleaning lists (\(table.count))")
        }
    }

    /// Inserts `word` in lower case (per scalar with `SimpleCase`, which allocates nothing: the lists have tens
    /// of thousands of entries and are read at every start-up) and calls `mark` with its id. Only lower-case forms
    /// are stored; look-ups fold case first (`lookup(_:_:_:scratch:)`), which keeps the table small enough to
    /// stay in cache.
    private mutating func insertLowered(
        _ word: UnsafeBufferPointer<UInt8>, mark: (inout CleaningLexicon, Int) -> Void
    ) {
        // Past the id range of the table the word is skipped; `loadWords` then fails the list (no crash on data).
        guard table.count < WordTable.maxCount / 2 + 1 else { return }
        lowerBuffer.removeAll(keepingCapacity: true)
        SimpleCase.appendLowered(word, 0, word.count, to: &lowerBuffer)
        let lower = lowerBuffer
        mark(&self, lower.withUnsafeBufferPointer { add($0) })
    }

    /// The id of the word `bytes[start..<end]`, matched case-insensitively. `scratch` is a reusable buffer for the
    /// lower-cased copy, needed only when the word has a capital letter or non-ASCII letters.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scratch: inout [UInt8]) -> Int? {
        var needsFolding = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if (byte >= 0x41 && byte <= 0x5A) || byte >= 0xC3 {
                needsFolding = true
                break
            }
            index += 1
        }
        guard needsFolding else { return table.lookup(bytes, start, end) }
        scratch.removeAll(keepingCapacity: true)
        SimpleCase.appendLowered(bytes, start, end, to: &scratch)
        return scratch.withUnsafeBufferPointer { table.lookup($0, 0, $0.count) }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let id = table.insert(bytes)
        if id == info.count { info.append(WordInfo()) }
        return id
    }

    /// Whether `buffer` is exactly one word for the `CleaningTokenizer`.
    private static func isOneWord(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !buffer.isEmpty else { return false }
        var index = 0
        while index < buffer.count {
            let (value, length) = CleaningTokenizer.decode(buffer, index)
            if CleaningTokenizer.scalarClass(value) != .word { return false }
            index += length
        }
        return true
    }

    /// Calls `body` with each entry of a list file (comments after `#` and surrounding blanks removed, as
    /// `ConfigFiles.listEntries` does) and its 1-based line number, until `body` returns false. Works on the bytes:
    /// no string per line.
    private static func forEachEntry(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool
    ) {
        var line = 1
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            var entryEnd = start
            while entryEnd < end && bytes[entryEnd] != 0x23 { entryEnd += 1 }
            var entryStart = start
            while entryStart < entryEnd && (bytes[entryStart] == 0x20 || bytes[entryStart] == 0x09) { entryStart += 1 }
            while entryEnd > entryStart
                && (bytes[entryEnd - 1] == 0x20 || bytes[entryEnd - 1] == 0x09 || bytes[entryEnd - 1] == 0x0D)
            {
                entryEnd -= 1
            }
            if entryEnd > entryStart {
                guard body(line, UnsafeBufferPointer(rebasing: bytes[entryStart..<entryEnd])) else { return }
            }
            line += 1
            start = end + 1
        }
    }
}
