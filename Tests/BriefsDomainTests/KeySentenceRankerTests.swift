import Testing

@testable import BriefsDomain

@Suite struct KeySentenceRankerTests {
    @Test func titleOverlapPositionAndDensityPickThree() throws {
        let config = try FactsTestConfig.load()
        let text =
            "Subscribe now.\nThe weather was mild across the region on the first day of spring this year.\n"
            + "Blinken visits Albania to reaffirm ties with a key NATO ally in the Balkans.\n"
            + "Local cafés reported a busy afternoon with many tourists and some students.\n"
            + "Albania hosted 3,200 Afghans after the Taliban took Kabul in August 2021.\n"
            + "Short line here."
        let document = TextDocument(text)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        #expect(sentences.count == 6)
        let ranker = try KeySentenceRanker(config: config)
        let key = ranker.keySentences(
            in: document, sentences: sentences, title: "Blinken visits Albania, a key NATO ally",
            mentionsPerSentence: [0, 0, 3, 0, 4, 0])
        #expect(key.count == 3)
        #expect(key.map(\.mention.sentence) == [2, 4, 1])
        #expect(key.first?.text.hasPrefix("Blinken visits Albania") == true)
        #expect(key.map(\.score) == key.map(\.score).sorted(by: >))
    }

    @Test func emptyTextGivesNoSentences() throws {
        let ranker = try KeySentenceRanker(config: FactsTestConfig.load())
        #expect(ranker.keySentences(in: TextDocument(""), sentences: [], title: nil, mentionsPerSentence: []).isEmpty)
    }
}
