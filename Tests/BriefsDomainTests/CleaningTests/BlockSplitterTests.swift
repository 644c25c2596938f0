import Foundation
import Testing

@testable import BriefsDomain

@Suite struct BlockSplitterTests {
    func blocks(_ text: String) throws -> [String] {
        let cleaner = try #require(CleaningSupport.cleaner)
        let splitter = BlockSplitter(lexicon: cleaner.lexicon, maxBlockBytes: 65_536)
        return splitter.blocks(of: text, maxInputBytes: 4_194_304).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func whiteSpaceIsNormalised() throws {
        #expect(
            try blocks("  a\u{00A0}\u{00A0}b\tc  \r\n\n\u{200B}\u{FEFF}\n d\u{2028}e\u{00AD}f ") == [
                "a b c", "d", "ef",
            ])
    }

    @Test(arguments: [
        (
            "Your support makes all the difference.U.S. Secretary of State Antony Blinken visits.",
            ["Your support makes all the difference.", "U.S. Secretary of State Antony Blinken visits."]
        ),
        ("Sign up now!The minister said so.", ["Sign up now!", "The minister said so."]),
        ("Was it worth it?Officials think so.", ["Was it worth it?", "Officials think so."]),
        ("He said “enough.”The vote followed.", ["He said “enough.”", "The vote followed."]),
    ])
    func gluedSentencesAreSplit(_ input: String, _ expected: [String]) throws {
        #expect(try blocks(input) == expected)
    }

    @Test(arguments: [
        "Talks with Mr.Smith went well.", "It opened on Jan.The fifth was a Monday.",
        "He lives at No.10 Downing Street.",
        "Visit www.example.Com for details.", "Many fruits, e.g.Apples, grow here.", "The U.S.Army said so.",
        "Mail news@site.Org today.", "A b.C test.",
    ])
    func abbreviationsAndNamesStayWhole(_ input: String) throws {
        #expect(try blocks(input) == [input])
    }

    @Test func longLinesAreCutAtScalarBoundaries() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let splitter = BlockSplitter(lexicon: cleaner.lexicon, maxBlockBytes: 300)
        let line = String(repeating: "é", count: 1000)
        let pieces = splitter.blocks(of: line, maxInputBytes: 1_000_000)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.count <= 300 + 3 })
        #expect(pieces.map { String(decoding: $0, as: UTF8.self) }.joined() == line)
    }

    @Test func inputIsCutAtTheLimitWithoutBreakingAScalar() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let splitter = BlockSplitter(lexicon: cleaner.lexicon, maxBlockBytes: 65_536)
        let pieces = splitter.blocks(of: "ab" + String(repeating: "ж", count: 100), maxInputBytes: 5)
        #expect(pieces.map { String(decoding: $0, as: UTF8.self) } == ["abж"])
    }
}
