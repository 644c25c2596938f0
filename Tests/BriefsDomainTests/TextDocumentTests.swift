import Foundation
import Testing

@testable import BriefsDomain

/// The scalar-indexed text and the look-up helpers the facts stages share.
@Suite struct TextDocumentTests {
    /// One-, two-, three- and four-byte scalars, and a combining mark standing alone as a scalar.
    let mixed = "Zoë 東京 👍🏽 e\u{301}!"

    @Test func scalarsMatchTheStringsScalars() {
        let document = TextDocument(mixed)
        #expect(document.scalars == Array(mixed.unicodeScalars))
        #expect(document.count == mixed.unicodeScalars.count)
    }

    @Test(arguments: [0..<3, 2..<4, 4..<6, 7..<9, 8..<9, 10..<12, 0..<13])
    func substringIsTheScalarRange(range: Range<Int>) {
        let document = TextDocument(mixed)
        let expected = String(String.UnicodeScalarView(Array(mixed.unicodeScalars)[range]))
        #expect(document.substring(range) == expected)
    }

    @Test func substringClampsToTheDocument() {
        let document = TextDocument("abc")
        #expect(document.substring(-2..<2) == "ab")
        #expect(document.substring(1..<99) == "bc")
        #expect(document.substring(5..<9) == "")
        #expect(TextDocument("").substring(0..<1) == "")
    }

    @Test(arguments: [
        "  plain  ", "\t\n quoted\r\n", "", "   ", "\u{00A0}nbsp\u{2003}", " \u{301}mark ", "x\u{2028}", "inside kept",
        "\u{3000}ideographic ", "\u{85}next line\u{85}",
    ])
    func trimmingMatchesFoundation(text: String) {
        let foundation = text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(WhitespaceTrimming.trimmed(text) == foundation)
        let document = TextDocument("[" + text + "]")
        #expect(WhitespaceTrimming.trimmed(document, 1..<(document.count - 1)) == foundation)
    }

    @Test func keyTableAnswersLikeADictionary() {
        var table = TokenKeyTable<Int>()
        table[TokenKey.of("may")] = 5
        table[TokenKey.of("june")] = 6
        table[TokenKey.of("june")] = nil
        #expect(table[TokenKey.of("May")] == 5)
        #expect(table[TokenKey.of("june")] == nil)
        #expect(table[TokenKey.of("july")] == nil)
        #expect(Set(table.keys) == [TokenKey.of("may")])
    }

    @Test func foldedWordSetFindsSlices() {
        let folded: [UInt32] = Array("university of georgia".unicodeScalars.map(\.value))
        let words = FoldedWordSet(Set(["of", "georgia"].map { Array($0.unicodeScalars.map(\.value)) }))
        #expect(words.contains(folded[11..<13]))
        #expect(words.contains(folded[14...]))
        #expect(!words.contains(folded[0..<10]))
        #expect(!words.contains(folded[11..<12]))
    }

    @Test func asciiAcronymAgreesWithTheGeneralOne() {
        for name in ["Food and Drug Administration", "U.S. Department of State", "Bank of America", "the Red Cross"] {
            #expect(EntityPass.asciiAcronym(of: name) != nil)
        }
        #expect(EntityPass.acronym(of: "Food and Drug Administration") == "FDA")
        #expect(EntityPass.acronym(of: "U.S. Department of State") == "UDS")
        #expect(EntityPass.asciiAcronym(of: "Société Générale") == nil)
        #expect(EntityPass.acronym(of: "Société Générale") == "SG")
    }
}
