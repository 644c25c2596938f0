import Foundation

/// The cleaner's thresholds, read from `Config/cleaning.json`.
///
/// Every key has a default here; the file overrides only the keys it names (a partial file is fine), and an
/// unknown key or a value of the wrong kind fails start-up with the file's name. Lengths are in *weighted
/// characters* (Unicode scalars, with CJK ideographs and kana counted `cjkCharacterWeight` times, since one of them
/// carries about as much text as a few Latin letters); densities are fractions of a block's words.
public struct CleaningSettings: Sendable, Equatable {
    /// Blocks shorter than this are `short` (jusText's `length_low`).
    public var lengthLow = 70
    /// Blocks at least this long with a high stop-word density are `good` (jusText's `length_high`).
    public var lengthHigh = 100
    /// Stop-word density at or above which a block is at least `near-good` (jusText's `stopwords_low`).
    public var stopwordsLow = 0.30
    /// Stop-word density at or above which a long block is `good` (jusText's `stopwords_high`).
    public var stopwordsHigh = 0.32
    /// A terminated sentence-shaped block with at least this stop-word density is still `near-good`.
    public var stopwordsSentenceLow = 0.15
    /// Weight of one CJK ideograph or kana in a block's length.
    public var cjkCharacterWeight = 3
    /// Shortest a block may be to count as a sentence-shaped paragraph when it has no stop-word list (CJK pages).
    public var cjkSentenceLength = 60
    /// A block without terminal punctuation shorter than this is at most `near-good` (headings, teasers, links).
    public var unterminatedGoodLength = 220
    /// Blocks of at most this many words that carry a cue of a boilerplate category are dropped for it.
    public var cueMaxWords = 25
    /// Per-category overrides of `cueMaxWords`, written `"cueMaxWords.<category>"` in the file.
    public var cueMaxWordsByCategory: [String: Int] = ["byline": 10, "caption": 60]
    /// Categories whose cues drop a short block even when it is a plain sentence (not addressing the reader),
    /// written `"cueDropsSentences.<category>": 1`. Other categories drop a short sentence only when it
    /// addresses the reader; unterminated short lines (labels, buttons) always go. Long blocks of these
    /// categories go on cue density alone; of the others only when they also address the reader.
    public var cueDropsSentences: Set<String> = ["caption", "legal"]
    /// A cue drops an unterminated line of at most this many words (a label or button) on its own.
    public var cueLabelWords = 8
    /// Other short blocks go when cue words make at least this share of their words (or they address the reader).
    public var cueShortDensity = 0.2
    /// Blocks whose replacement, control and private-use characters exceed this share of their length are
    /// `garbage`.
    public var junkShare = 0.05
    /// Longer blocks are dropped for a category only when its cue words make at least this share of the words.
    public var cueMinDensity = 0.03
    /// First- and second-person words (`address` list) at or above this share of a long block's words, together
    /// with one cue word, mark a call to action.
    public var addressDensity = 0.05
    /// Minimum first- and second-person words for a long block to join an appeal run (see `reviseAppealRuns`).
    public var appealRunAddressWords = 2
    /// A short terminated block of at least this many words right after a good one stays (an article's last line).
    public var closingSentenceMinWords = 6
    /// A short line (in weighted characters) under this length counts towards a menu run.
    public var menuLineLength = 40
    /// Runs of at least this many consecutive menu lines are `navigation`.
    public var menuRunLength = 3
    /// Densest-region search: what a dropped block costs, per block and per word.
    public var regionBlockPenalty = 3.0
    public var regionWordPenalty = 0.25
    /// Densest-region search: what a `near-good` block is worth per word (a `good` one is worth 1 per word).
    public var regionNearGoodWeight = 1.0
    /// Densest-region search: what a good block with no good block right before or after it is worth per word.
    public var regionIsolatedWeight = 0.35
    /// Densest-region search: the block penalty grows by this factor for each dropped block before it in a row.
    public var regionGapGrowth = 0.25
    /// Densest-region search: what a closing heading (comments, related) costs.
    public var regionClosingPenalty = 30.0
    /// The region ends at a comment-section heading once it holds this many words of paragraphs.
    public var regionCommentsCutWords = 150
    /// Densest-region search: what a date line costs.
    public var regionDatelinePenalty = 10.0
    /// The publication date is looked for up to this many blocks into the article region.
    public var datelineSearchBlocks = 5
    /// A date line has at most this many words.
    public var datelineMaxWords = 10
    /// Categories whose cues count only in blocks with a number, written `"cueNeedsDigit.<category>": 1`.
    public var cueNeedsDigit: Set<String> = ["dateline"]
    /// A closing heading has at most this many words.
    public var closingHeadingMaxWords = 5
    /// Blocks are near-duplicates when this share of the shorter one's word 4-shingles occur in the other.
    public var duplicateContainment = 0.8
    /// Blocks with fewer words than this are never compared for near-duplicates.
    public var duplicateMinWords = 6
    /// How many blocks after the headline the standfirst may stand.
    public var standfirstSearchBlocks = 4
    /// How many blocks after the standfirst its repetition in the body is looked for.
    public var standfirstRepeatWindow = 40
    /// Standfirst length range, in weighted characters.
    public var standfirstMinLength = 40
    public var standfirstMaxLength = 400
    /// A title line this similar to a block (share of the block's words found in the title) marks the headline.
    public var headlineOverlap = 0.8
    /// Lines longer than this many bytes are cut there (after normalisation) so that no step sees a giant block.
    public var maxBlockBytes = 65_536
    /// Inputs longer than this many bytes are cut there (the API's body limit is 2 MiB).
    public var maxInputBytes = 4_194_304

    public init() {}

    /// Every cue category named in a per-category key.
    var namedCategories: Set<String> {
        Set(cueMaxWordsByCategory.keys).union(cueDropsSentences).union(cueNeedsDigit)
    }

    /// Defaults overridden by the keys of `data` (a JSON object of numbers).
    /// - Throws: `ConfigFileError.invalid` naming `path` for malformed JSON, unknown keys, wrong kinds or values
    ///   out of range.
    public init(json data: Data, path: String = "cleaning.json") throws(ConfigFileError) {
        self.init()
        if data.isEmpty { return }
        let values: [String: Value]
        do {
            values = try JSONDecoder().decode([String: Value].self, from: data)
        } catch {
            throw .invalid(path: path, line: nil, reason: "expected a JSON object of numbers: \(error)")
        }
        for key in values.keys.sorted() {
            if key.hasPrefix("_") { continue }  // `_comment` and the like
            guard case .number(let number) = values[key] else {
                throw .invalid(path: path, line: nil, reason: "\(key): expected a number")
            }
            guard number >= 0, number.isFinite else {
                throw .invalid(path: path, line: nil, reason: "\(key): must be a finite number >= 0")
            }
            guard set(key, number) else {
                throw .invalid(path: path, line: nil, reason: "unknown key \(key)")
            }
        }
    }

    /// A value of the file: a number, or a string (for `_comment` keys).
    private enum Value: Decodable {
        case number(Double)
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    /// Sets `key` from `number`; false when the key is unknown.
    private mutating func set(_ key: String, _ double: Double) -> Bool {
        let int = Int(exactly: double.rounded()) ?? 0
        switch key {
        case "lengthLow": lengthLow = int
        case "lengthHigh": lengthHigh = int
        case "stopwordsLow": stopwordsLow = double
        case "stopwordsHigh": stopwordsHigh = double
        case "stopwordsSentenceLow": stopwordsSentenceLow = double
        case "cjkCharacterWeight": cjkCharacterWeight = max(1, int)
        case "cjkSentenceLength": cjkSentenceLength = int
        case "unterminatedGoodLength": unterminatedGoodLength = int
        case "cueMaxWords": cueMaxWords = int
        case "cueMinDensity": cueMinDensity = double
        case "cueLabelWords": cueLabelWords = int
        case "cueShortDensity": cueShortDensity = double
        case "junkShare": junkShare = double
        case "addressDensity": addressDensity = double
        case "appealRunAddressWords": appealRunAddressWords = int
        case "closingSentenceMinWords": closingSentenceMinWords = int
        case "menuLineLength": menuLineLength = int
        case "menuRunLength": menuRunLength = max(1, int)
        case "regionBlockPenalty": regionBlockPenalty = double
        case "regionWordPenalty": regionWordPenalty = double
        case "regionNearGoodWeight": regionNearGoodWeight = double
        case "regionIsolatedWeight": regionIsolatedWeight = double
        case "regionGapGrowth": regionGapGrowth = double
        case "regionClosingPenalty": regionClosingPenalty = double
        case "closingHeadingMaxWords": closingHeadingMaxWords = int
        case "datelineMaxWords": datelineMaxWords = int
        case "datelineSearchBlocks": datelineSearchBlocks = int
        case "regionCommentsCutWords": regionCommentsCutWords = int
        case "regionDatelinePenalty": regionDatelinePenalty = double
        case "duplicateContainment": duplicateContainment = double
        case "duplicateMinWords": duplicateMinWords = max(1, int)
        case "standfirstSearchBlocks": standfirstSearchBlocks = int
        case "standfirstRepeatWindow": standfirstRepeatWindow = int
        case "standfirstMinLength": standfirstMinLength = int
        case "standfirstMaxLength": standfirstMaxLength = int
        case "headlineOverlap": headlineOverlap = double
        case "maxBlockBytes": maxBlockBytes = max(256, int)
        case "maxInputBytes": maxInputBytes = max(1024, int)
        default:
            let prefix = "cueMaxWords."
            let sentencePrefix = "cueDropsSentences."
            let digitPrefix = "cueNeedsDigit."
            if key.hasPrefix(digitPrefix), key.count > digitPrefix.count {
                let category = String(key.dropFirst(digitPrefix.count))
                if int != 0 { cueNeedsDigit.insert(category) } else { cueNeedsDigit.remove(category) }
            } else if key.hasPrefix(prefix), key.count > prefix.count {
                cueMaxWordsByCategory[String(key.dropFirst(prefix.count))] = int
            } else if key.hasPrefix(sentencePrefix), key.count > sentencePrefix.count {
                let category = String(key.dropFirst(sentencePrefix.count))
                if int != 0 { cueDropsSentences.insert(category) } else { cueDropsSentences.remove(category) }
            } else {
                return false
            }
        }
        return true
    }
}
