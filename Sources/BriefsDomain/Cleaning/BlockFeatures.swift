/// What stage 3 measures about one block on its own, in one pass over its bytes.
struct BlockFeatures: Sendable, Equatable {
    /// Length in weighted characters (scalars; CJK ideographs and kana count `cjkCharacterWeight` each).
    var length = 0
    /// Words (see `CleaningTokenizer`), plus half a word per CJK character.
    var words = 0
    var cjkCharacters = 0
    /// Hiragana and katakana among `cjkCharacters` (they tell Japanese from Chinese).
    var kanaCharacters = 0
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
    /// Replacement characters, control characters and private-use scalars: the marks of binary or mis-decoded input.
    var junkScalars = 0
    /// Stop words per language of the lexicon (`CleaningLexicon.languages` order). A SIMD vector rather than an
    /// array so that measuring a block allocates nothing (hence at most `maxLanguages` languages).
    var stopCounts = SIMD16<UInt16>()
    static let maxLanguages = 16
    /// Cue-phrase hits per category (`CleaningLexicon.categories` order, at most 32), and the words they cover.
    var cueHits = SIMD32<UInt8>()
    /// Hits of strong cues per category: phrases of several words, or a symbol such as `©` (a single ordinary
    /// word like "trademark" or "photos" is weak evidence inside a sentence).
    var strongCueHits = SIMD32<UInt8>()
    var cueWords = 0

    /// The share of the words that are stop words of `language`.
    func stopDensity(_ language: Int) -> Double {
        guard words > 0, language >= 0, language < stopCounts.scalarCount else { return 0 }
        return Double(stopCounts[language]) / Double(words)
    }

    func hits(_ category: Int?) -> Int {
        guard let category, category < cueHits.scalarCount else { return 0 }
        return Int(cueHits[category])
    }
}
