@testable import BriefsApp
import Foundation
import Testing

/// The byte-level fast paths of the POST path give what their `Character`/`Unicode.Scalar`-level definitions give.
@Suite struct PostFastPathTests {
    static let texts: [String] = [
        "",
        "One",
        "U.S. officials met in Washington D.C. on Monday.",
        "3,200 people; 4.5 percent; -12 degrees; Albania's war-torn north.",
        "Trailing connectors: end. end, end' end- .start ,start 'start -start",
        "Curly apostrophe: Albania’s, rock’n’roll, ’quoted’",
        "Zürich, Ελλάδα, Москва, 東京, São Paulo, Kraków’s mayor",
        "Numbers in other scripts: ٣٤٥ ௰ Ⅻ ½ ²",
        "Emoji 😀 between words 👍🏽 and flags 🇦🇱 stay out.",
        "Combining: e\u{301}te\u{301} and n\u{303}",
        "Tabs\tand\nnewlines\r\nand\u{A0}no-break\u{2003}spaces",
        "Mixed...dots,,,commas'''quotes---dashes",
        "a.b.c.d 1,2,3 x'y'z",
        "\u{10FFFF} \u{E000} \u{FFFD}",
    ]

    @Test(arguments: texts)
    func wordCountMatchesTheScalarDefinition(_ text: String) {
        #expect(ArticlePipeline.wordCount(text) == ArticlePipeline.wordCountByScalars(text))
    }

    @Test func wordCountCountsJoinedWordsOnce() {
        #expect(ArticlePipeline.wordCount("U.S. and 3,200 in Albania’s war-torn north") == 7)
        #expect(ArticlePipeline.wordCount("Zürich 東京") == 2)
        #expect(ArticlePipeline.wordCount("") == 0)
    }

    @Test func collapsingWhitespaceMatchesCharacterSplitOnEveryASCIICharacter() {
        for value in UInt8(0)..<0x80 {
            let character = String(UnicodeScalar(value))
            for text in ["a\(character)b", "\(character)a\(character)\(character)b\(character)", character] {
                let expected = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                #expect(ArticleInputDecoder.collapsingWhitespace(text) == expected, "byte \(value)")
            }
        }
    }

    @Test func collapsingWhitespaceOnTitles() {
        let titles = [
            "  Floods \n in\t\tKenya \r\n", "Plain title", "", "   ", "\u{0B}\u{0C}x\u{1C}y\u{1F}",
            "Non-ASCII\u{A0}space and\u{2003}em space, Zürich", "CR\r\nLF",
        ]
        for title in titles {
            #expect(
                ArticleInputDecoder.collapsingWhitespace(title)
                    == title.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        #expect(ArticleInputDecoder.collapsingWhitespace("  Floods \n in\t\tKenya ") == "Floods in Kenya")
    }

    @Test func mediaTypeMatchesFoundationTrimming() {
        let values = [
            "application/json", "Application/JSON; charset=utf-8", "  text/plain ;x=y", "\ttext/HTML\t",
            "", ";", " ; charset=utf-8", "application/xhtml+xml", "text/plain\u{0B}", "text/ plain",
            "tëxt/plain", "\u{A0}text/plain",
        ]
        for value in values {
            let expected = value.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            #expect(ArticleInputDecoder.mediaType(of: value) == expected, "\(value.debugDescription)")
        }
    }
}
