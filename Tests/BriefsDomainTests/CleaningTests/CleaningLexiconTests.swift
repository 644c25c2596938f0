import Foundation
import Testing

@testable import BriefsDomain

@Suite struct CleaningLexiconTests {
    /// A tiny config: two stop-word languages, one cue category.
    func miniConfig(cues: String = "donate\nsupport us\n^by\n") -> ConfigFiles {
        ConfigFiles(files: [
            "lexicons/stopwords/en.txt": Data("# English\nthe\nof\nand\n".utf8),
            "lexicons/stopwords/ru.txt": Data("и\nв\nне\n".utf8),
            "lexicons/cleaning/address.txt": Data("you\nwe\n".utf8),
            "lexicons/cleaning/abbreviations.txt": Data("Mr.\njan\n".utf8),
            "lexicons/cleaning/cues/donation-appeal.txt": Data(cues.utf8),
        ])
    }

    func lookup(_ lexicon: CleaningLexicon, _ word: String) -> Int? {
        var scratch: [UInt8] = []
        return Array(word.utf8).withUnsafeBufferPointer { lexicon.lookup($0, 0, $0.count, scratch: &scratch) }
    }

    @Test func wordsMatchWhateverTheirCase() throws {
        let lexicon = try CleaningLexicon(config: miniConfig())
        #expect(lexicon.languages == ["en", "ru"])
        for word in ["the", "The", "THE"] {
            let id = try #require(lookup(lexicon, word))
            #expect(lexicon.info[id].stopMask == 1)
        }
        let cyrillic = try #require(lookup(lexicon, "И"))
        #expect(lexicon.info[cyrillic].stopMask == 2)
        #expect(lookup(lexicon, "theory") == nil)
        let mister = try #require(lookup(lexicon, "MR"))
        #expect(lexicon.info[mister].isAbbreviation)
        let you = try #require(lookup(lexicon, "You"))
        #expect(lexicon.info[you].isAddress)
    }

    @Test func cuePhrasesAndAnchors() throws {
        let lexicon = try CleaningLexicon(config: miniConfig())
        #expect(lexicon.categories == ["donation-appeal"])
        #expect(lexicon.phrases.count == 3)
        #expect(lexicon.phrases.filter(\.isAnchored).count == 1)
        #expect(lexicon.phrases.map(\.words.count).sorted() == [1, 1, 2])
    }

    @Test func duplicateCueEntriesNameTheLine() {
        #expect(
            throws: ConfigFileError.invalid(
                path: "lexicons/cleaning/cues/donation-appeal.txt", line: 2, reason: "duplicate entry: DONATE")
        ) {
            _ = try CleaningLexicon(config: miniConfig(cues: "donate\nDONATE\n"))
        }
    }

    @Test func aStopWordMustBeOneWord() {
        var config = miniConfig()
        config.files["lexicons/stopwords/en.txt"] = Data("the\nof the\n".utf8)
        #expect(
            throws: ConfigFileError.invalid(
                path: "lexicons/stopwords/en.txt", line: 2, reason: "expected one word: of the")
        ) {
            _ = try CleaningLexicon(config: config)
        }
    }

    @Test func missingListsAreReported() {
        var config = miniConfig()
        config.files["lexicons/cleaning/address.txt"] = nil
        #expect(throws: ConfigFileError.missing("lexicons/cleaning/address.txt")) {
            _ = try CleaningLexicon(config: config)
        }
        #expect(throws: ConfigFileError.self) { _ = try CleaningLexicon(config: ConfigFiles()) }
    }

    @Test func simpleCaseCoversTheStopWordScripts() {
        #expect(SimpleCase.lower(0x41) == 0x61)  // A
        #expect(SimpleCase.lower(0xC9) == 0xE9)  // É
        #expect(SimpleCase.lower(0x410) == 0x430)  // А
        #expect(SimpleCase.lower(0x401) == 0x451)  // Ё
        #expect(SimpleCase.lower(0x141) == 0x142)  // Ł (odd upper in U+0139–0148)
        #expect(SimpleCase.lower(0x104) == 0x105)  // Ą
        #expect(SimpleCase.upper(0x3C9) == 0x3A9)  // ω
        #expect(SimpleCase.lower(0xAC00) == 0xAC00)  // Hangul has no case
    }
}
