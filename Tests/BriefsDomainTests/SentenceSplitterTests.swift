import Testing

@testable import BriefsDomain

@Suite struct SentenceSplitterTests {
    func sentences(_ text: String) throws -> [String] {
        let splitter = try SentenceSplitter(config: FactsTestConfig.load())
        let document = TextDocument(text)
        return splitter.sentences(in: document).map { document.substring($0) }
    }

    @Test func abbreviationsAndInitialsStayInside() throws {
        let text =
            "U.S. Secretary of State Antony Blinken met Mr. Smith on Jan. 5 at No. 10 Downing St. in London. "
            + "He quoted J. R. R. Tolkien. Gen. Lee agreed."
        #expect(
            try sentences(text) == [
                "U.S. Secretary of State Antony Blinken met Mr. Smith on Jan. 5 at No. 10 Downing St. in London.",
                "He quoted J. R. R. Tolkien.", "Gen. Lee agreed.",
            ])
    }

    @Test func finalAbbreviationsCloseBeforeASentenceOpener() throws {
        #expect(
            try sentences(
                "The stake went to Apple Inc. The deal closed in the U.S. It was approved by U.S. regulators.")
                == [
                    "The stake went to Apple Inc.", "The deal closed in the U.S.",
                    "It was approved by U.S. regulators.",
                ])
    }

    @Test func quotesQuestionMarksAndLineBreaks() throws {
        let text = "Headline without a stop\n\n“Is it over?” she asked. “No.” He left!\nNext paragraph"
        #expect(
            try sentences(text) == [
                "Headline without a stop", "“Is it over?” she asked.", "“No.”", "He left!", "Next paragraph",
            ])
    }

    @Test func lineBreakInsideASentenceDoesNotSplit() throws {
        #expect(try sentences("The minister said the\nplan would work.") == ["The minister said the\nplan would work."])
    }

    @Test func rangesAreUnicodeScalarOffsets() throws {
        let splitter = try SentenceSplitter(config: FactsTestConfig.load())
        let document = TextDocument("Zoë Šarić won. Ünal lost.")
        #expect(splitter.sentences(in: document) == [0..<14, 15..<25])
    }
}
