import Testing

@testable import BriefsDomain

/// `Body`'s cheap questions the store writer and the POST path ask (`isEmpty`, `paragraphsFollowBlankLines`) against
/// their definitions through the paragraphs themselves.
@Suite("PackedWriterBody")
struct PackedWriterBodyTests {
    static let cases: [[String]] = [
        [], [""], ["", ""], ["One."], ["One.", "Two."], ["a\n\nb", "c"], ["a\n", "b"], ["a", "\nb"], ["a\n\n"],
        ["Zoë", "Łódź 🙂", "x"], ["a\nb", "c\n\n\nd"], ["\n"], ["a", ""], ["", "a"],
    ]

    @Test(arguments: cases)
    func isEmptyIsWhetherThereAreNoParagraphs(paragraphs: [String]) {
        let body = Body(paragraphs: paragraphs)
        #expect(body.isEmpty == body.paragraphs.isEmpty)
        #expect(body.isEmpty == paragraphs.isEmpty)
        let fromText = Body(text: body.text)
        #expect(fromText.isEmpty == fromText.paragraphs.isEmpty)
    }

    @Test(arguments: cases)
    func paragraphsFollowBlankLinesIsWhetherTheTextGivesThemBack(paragraphs: [String]) {
        let body = Body(paragraphs: paragraphs)
        #expect(body.paragraphsFollowBlankLines == (Body(text: body.text).paragraphs == body.paragraphs))
        #expect(Body(text: body.text).paragraphsFollowBlankLines)
    }
}
