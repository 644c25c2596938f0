import Testing

@testable import BriefsDomain

@Suite struct QuoteExtractorTests {
    func quotes(_ text: String) throws -> [QuoteFact] {
        let config = try FactsTestConfig.load()
        let document = TextDocument(text)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        let people = try EntityRecognizer(config: config).recognize(
            document: document, sentences: sentences, geo: GeoResult()
        ).people
        return try QuoteExtractor(config: config).quotes(in: document, sentences: sentences, people: people)
    }

    @Test func speakerAfterTheQuoteResolvesToTheFullName() throws {
        let found = try quotes(
            "Secretary of State Antony Blinken arrived in Tirana. “We stand with Albania,” Blinken said.")
        #expect(found.count == 1)
        #expect(found.first?.speaker == "Antony Blinken")
        #expect(found.first?.text == "We stand with Albania,")
        #expect(found.first?.direct == true)
        #expect(found.first?.mention.sentence == 1)
    }

    @Test func saidBeforeTheNameAndStraightQuotes() throws {
        let found = try quotes("\"Prices will fall next year,\" said Jim Miller, an economist at the bank.")
        #expect(found.first?.speaker == "Jim Miller")
    }

    @Test func pronounSpeakerIsTheLastPersonMentioned() throws {
        let found = try quotes(
            "Maria Lopez runs the clinic. \"We need more nurses here,\" she added.")
        #expect(found.first?.speaker == "Maria Lopez")
    }

    @Test func speakerBeforeAColon() throws {
        let found = try quotes("Olaf Scholz told reporters: “Germany will pay its share.”")
        #expect(found.first?.speaker == "Olaf Scholz")
        #expect(found.first?.text == "Germany will pay its share.")
    }

    @Test func speakerWithAnAppositionBeforeOrAfterTheVerb() throws {
        let before = try quotes(
            "Jeff Rathke, the State Department spokesperson, said, \"We urge the governments to act quickly.\"")
        #expect(before.first?.speaker == "Jeff Rathke")
        let after = try quotes(
            "\"Had it happened an hour later it would have been worse,\" Khaled Al-Maeena, editor at large, said.")
        #expect(after.first?.speaker == "Khaled Al-Maeena")
    }

    @Test func scareQuotesAreNotQuotes() throws {
        #expect(try quotes("The so-called \"reform\" failed.").isEmpty)
    }

    @Test func unattributedQuoteHasNoSpeaker() throws {
        let found = try quotes("“This is the end of an era for the town.”")
        #expect(found.count == 1)
        #expect(found.first?.speaker == nil)
    }
}
