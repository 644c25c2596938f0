import Testing

@testable import BriefsDomain

@Suite struct FigureExtractorTests {
    func figures(_ text: String) throws -> [FigureFact] {
        let config = try FactsTestConfig.load()
        let document = TextDocument(text)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        return try FigureExtractor(config: config).figures(in: document, sentences: sentences)
    }

    @Test func approximateCountWithWhatItCounts() throws {
        let found = try figures("Albania was the first to house about 3,200 fleeing Afghans before they moved.")
        #expect(found.count == 1)
        let figure = try #require(found.first)
        #expect(figure.text == "about 3,200")
        #expect(figure.value == 3200)
        #expect(figure.approximate)
        #expect(figure.unit == "Afghans")
        #expect(figure.kind == "QUANTITY")
    }

    @Test(arguments: [
        ("The fund holds US$40 billion in assets.", "US$40 billion", 40e9, "USD", "MONEY"),
        ("Tickets cost $5 each.", "$5", 5, "USD", "MONEY"),
        ("The club paid €3m for him.", "€3m", 3e6, "EUR", "MONEY"),
        ("Shares fell 4.25% on Monday.", "4.25%", 4.25, "%", "PERCENT"),
        ("Support reached 46 percent in the poll.", "46 percent", 46, "%", "PERCENT"),
        ("It sold 1.5 million phones.", "1.5 million", 1.5e6, "phones", "QUANTITY"),
        ("Two dozen protesters gathered.", "Two dozen", 24, "protesters", "QUANTITY"),
        ("Twenty-five soldiers were hurt.", "Twenty-five", 25, "soldiers", "QUANTITY"),
        ("The index lost 340 points.", "340 points", 340, "points", "QUANTITY"),
        ("The deal is worth 12 billion euros.", "12 billion euros", 12e9, "EUR", "MONEY"),
        ("Each share earned 26 cents.", "26 cents", 0.26, "USD", "MONEY"),
    ])
    func figureForms(text: String, expectedText: String, value: Double, unit: String, kind: String) throws {
        let found = try figures(text)
        #expect(found.count == 1)
        #expect(found.first?.text == expectedText)
        #expect(found.first?.value == value)
        #expect(found.first?.unit == unit)
        #expect(found.first?.kind == kind)
    }

    @Test func rangesMakeOneFigure() throws {
        let found = try figures("Between $12 million and $20 million was raised; 20 to 25 percent of staff left.")
        #expect(found.map(\.text) == ["Between $12 million and $20 million", "20 to 25 percent"])
        #expect(found.map(\.kind) == ["MONEY", "PERCENT"])
    }

    @Test func datesTimesLabelsAndModelsAreSkipped() throws {
        let text =
            "In 2019, on March 5 at 10:30, No. 10 said the iPhone 4 and the Boeing 787 sold for five years; "
            + "the two companies agreed."
        #expect(try figures(text).map(\.text) == [])
    }

    @Test func offsetsOnNonASCIIText() throws {
        let text = "Zoë Šarić paid €3m."
        let figure = try #require(try figures(text).first)
        #expect(figure.mention.start == 15)
        #expect(TextDocument(text).substring(figure.mention.start..<figure.mention.end) == "€3m")
    }
}
