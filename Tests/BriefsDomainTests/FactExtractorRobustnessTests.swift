import BriefsDomain
import Testing

/// The whole facts pipeline on inputs at the edges, each of which once could crash or must never crash.
@Suite struct FactExtractorRobustnessTests {
    static let extractor: Result<FactExtractor, ConfigFileError> = Result { () throws(ConfigFileError) in
        try FactExtractor(config: BriefBuilderTests.config)
    }

    @Test(arguments: [
        // A lower-case title as the very first token: the country look-up before it must not read index -1.
        "secretary of state John Kerry said the talks would resume.",
        "minister Anna Lindt arrived in Stockholm on Monday.",
        "",
        " ",
        "\"",
        "U.S.",
        "Mr.",
        "...",
        "1,000,000,000,000,000,000,000 dollars",
        "“Unclosed quote said Mr Smith",
        "Tiranë, Shqipëri — 5 qershor 2024",
    ])
    func edgeInputsGiveFactsWithOffsetsInside(text: String) throws {
        let extractor = try Self.extractor.get()
        let analysis = extractor.analysis(of: text, title: nil, publishedAt: "2024-02-15")
        let length = text.unicodeScalars.count
        for span in analysis.entities {
            #expect(span.start >= 0 && span.start <= span.end && span.end <= length)
        }
        for date in analysis.facts.dates {
            #expect(date.mention.start >= 0 && date.mention.end <= length)
        }
    }

    @Test func figuresBeyondDoubleRangeKeepTheirTextButNoValue() throws {
        let extractor = try Self.extractor.get()
        let huge = String(repeating: "9", count: 400)
        let facts = extractor.facts(in: "The fund holds \(huge) dollars and 3,200 bonds.", title: nil, publishedAt: nil)
        for figure in facts.figures {
            #expect(figure.value.map(\.isFinite) ?? true)
        }
        #expect(facts.figures.contains { $0.value == 3200 })
    }

    @Test func titleBeforeNameAtTheStartStillGivesThePerson() throws {
        let extractor = try Self.extractor.get()
        let facts = extractor.facts(
            in: "secretary of state John Kerry said the talks would resume. Kerry left on Monday.", title: nil,
            publishedAt: "2024-02-15")
        #expect(facts.people.contains { $0.name == "John Kerry" })
    }
}
