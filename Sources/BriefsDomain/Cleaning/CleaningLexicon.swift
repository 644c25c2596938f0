import Foundation

/// The word lists the cleaner uses, compiled into one `WordTable` at start-up.
///
/// - `lexicons/stopwords/<lang>.txt`: stop words per language (jusText's idea: article prose is full of them,
///   menus and link lists are not). The file name is the language code; at most 32 languages.
/// - `lexicons/cleaning/cues/<category>.txt`: cue words and phrases of a boilerplate category; the file name is the
///   reason reported for blocks dropped for it (`donation-appeal`, `newsletter`, `share`, ...). An entry is one or
///   more words; a leading `^` anchors it at the start of a block.
/// - `lexicons/cleaning/address.txt`: first- and second-person words (`you`, `we`, `our`...), the voice of appeals.
/// - `lexicons/cleaning/abbreviations.txt`: words written with a final period that does not end a sentence
///   (`Mr`, `Jan`, `No`); used when splitting glued sentences.
///
/// Entries are matched case-insensitively by inserting lower-case, capitalised and upper-case variants, so that
/// blocks are never lowercased word by word.
struct CleaningLexicon: Sendable {
    /// A cue phrase: its words as canonical (lower-case) ids, its category, and whether it must open the block.
    struct Phrase: Sendable {
        var words: [Int32]
        var category: Int
        var isAnchored: Bool
    }

    private(set) var table = WordTable(capacity: 16_384)
    /// Per table id: bit `l` set when the word is a stop word of `languages[l]`.
    private(set) var stopMask: [UInt32] = []
    /// Per table id: the id of the word's lower-case form (phrases are written with these).
    private(set) var canonical: [Int32] = []
    /// Per table id: the word is a first- or second-person word.
    private(set) var isAddress: [Bool] = []
    /// Per table id: the word is an abbreviation taking a period.
    private(set) var isAbbreviation: [Bool] = []
    /// Per canonical id: the phrases starting with that word.
    private(set) var phrasesByFirstWord: [Int32: [Int]] = [:]
    private(set) var phrases: [Phrase] = []
    /// Language codes, in bit order of `stopMask`.
    private(set) var languages: [String] = []
    /// Boilerplate categories, in the order of `Phrase.category`.
    private(set) var categories: [String] = []

    static let stopwordsFolder = "lexicons/stopwords/"
    static let cuesFolder = "lexicons/cleaning/cues/"
    static let addressPath = "lexicons/cleaning/address.txt"
    static let abbreviationsPath = "lexicons/cleaning/abbreviations.txt"

    /// Reads the lists from `config`.
    /// - Throws: `ConfigFileError.missing` for a missing address or abbreviation list or when no stop-word list
    ///   exists; `.invalid` (with `file:line`) for an entry with no word in it or a duplicate entry.
    init(config: ConfigFiles) throws(ConfigFileError) {
        let stopPaths = config.files.keys.filter { $0.hasPrefix(Self.stopwordsFolder) && $0.hasSuffix(".txt") }.sorted()
        guard !stopPaths.isEmpty else { throw .missing(Self.stopwordsFolder + "<lang>.txt") }
        guard stopPaths.count <= 32 else {
            throw .invalid(path: Self.stopwordsFolder, line: nil, reason: "at most 32 stop-word languages")
        }
        for (bit, path) in stopPaths.enumerated() {
            let code = String(path.dropFirst(Self.stopwordsFolder.count).dropLast(4))
            languages.append(code)
            for (line, entry) in try Self.entries(config, path) {
                let words = Tokenizer.words(of: entry)
                guard words.count == 1 else {
                    throw .invalid(path: path, line: line, reason: "a stop word must be one word: \(entry)")
                }
                for id in insertVariants(words[0]) { stopMask[id] |= 1 << UInt32(bit) }
            }
        }
        for (line, entry) in try Self.entries(config, Self.addressPath) {
            let words = Tokenizer.words(of: entry)
            guard words.count == 1 else {
                throw .invalid(path: Self.addressPath, line: line, reason: "one word per line: \(entry)")
            }
            for id in insertVariants(words[0]) { isAddress[id] = true }
        }
        for (line, entry) in try Self.entries(config, Self.abbreviationsPath) {
            let trimmed = entry.hasSuffix(".") ? String(entry.dropLast()) : entry
            guard !trimmed.isEmpty, !trimmed.contains(" ") else {
                throw .invalid(path: Self.abbreviationsPath, line: line, reason: "one abbreviation per line: \(entry)")
            }
            for id in insertVariants(trimmed.lowercased()) { isAbbreviation[id] = true }
        }
        let cuePaths = config.files.keys.filter { $0.hasPrefix(Self.cuesFolder) && $0.hasSuffix(".txt") }.sorted()
        for path in cuePaths {
            let category = categories.count
            categories.append(String(path.dropFirst(Self.cuesFolder.count).dropLast(4)))
            var seen: Set<[Int32]> = []
            for (line, entry) in try Self.entries(config, path) {
                let isAnchored = entry.hasPrefix("^")
                let words = Tokenizer.words(of: isAnchored ? String(entry.dropFirst()) : entry)
                guard !words.isEmpty else {
                    throw .invalid(path: path, line: line, reason: "no word in entry: \(entry)")
                }
                var ids: [Int32] = []
                for word in words {
                    let variants = insertVariants(word.lowercased())
                    ids.append(canonical[variants[0]])
                }
                guard seen.insert(ids).inserted else {
                    throw .invalid(path: path, line: line, reason: "duplicate entry: \(entry)")
                }
                phrasesByFirstWord[ids[0], default: []].append(phrases.count)
                phrases.append(Phrase(words: ids, category: category, isAnchored: isAnchored))
            }
        }
    }

    /// The indices of the phrases whose first word has canonical id `word`.
    @inline(__always)
    func phraseGroup(startingWith word: Int32) -> [Int]? { phrasesByFirstWord[word] }

    /// The category index named `name`, if that cue list exists.
    func category(named name: String) -> Int? { categories.firstIndex(of: name) }

    /// Inserts `word` (already lower-case) with its capitalised and upper-case forms; returns their ids, the
    /// lower-case one first.
    private mutating func insertVariants(_ word: String) -> [Int] {
        let lower = word.lowercased()
        let lowerID = add(Array(lower.utf8), canonicalID: nil)
        var ids = [lowerID]
        let capitalised = lower.prefix(1).uppercased() + lower.dropFirst()
        for variant in [capitalised, lower.uppercased()] where variant != lower {
            ids.append(add(Array(variant.utf8), canonicalID: Int32(lowerID)))
        }
        return ids
    }

    private mutating func add(_ bytes: [UInt8], canonicalID: Int32?) -> Int {
        let id = table.insert(bytes)
        if id == stopMask.count {
            stopMask.append(0)
            canonical.append(canonicalID ?? Int32(id))
            isAddress.append(false)
            isAbbreviation.append(false)
        }
        return id
    }

    /// The entries of a list file, parsed like `ConfigFiles.listEntries` (comments after `#`, blanks trimmed).
    private static func entries(_ config: ConfigFiles, _ path: String) throws(ConfigFileError) -> [(line: Int, entry: String)] {
        try config.listEntries(path)
    }
}
