import Foundation
import Testing

@testable import BriefsDomain

@Suite struct DateExtractorTests {
    /// Publication date: Thursday 15 February 2024 (ISO week 7).
    static let published = "2024-02-15"

    func dates(_ text: String, published: String? = DateExtractorTests.published) throws -> [DateFact] {
        let config = try FactsTestConfig.load()
        let document = TextDocument(text)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        return try DateExtractor(config: config).dates(in: document, sentences: sentences, publishedAt: published)
    }

    @Test(arguments: [
        ("Blinken visits Albania on Thursday.", "Thursday", "2024-02-15"),
        ("The talks began on Monday.", "Monday", "2024-02-12"),
        ("The talks will resume on Monday.", "Monday", "2024-02-19"),
        ("Officials met last week.", "last week", "2024-W06"),
        ("Albania will host a summit later this month.", "later this month", "2024-02"),
        ("The Taliban seized power in August 2021.", "August 2021", "2021-08"),
        ("It opened two years ago.", "two years ago", "2022"),
        ("Prices rose yesterday.", "yesterday", "2024-02-14"),
        ("The law took effect Jan. 5 after a vote.", "Jan. 5", "2024-01-05"),
        ("The plant closed in 2019.", "2019", "2019"),
        ("Growth will slow next year.", "next year", "2025"),
        ("It happened on Friday, September 9, 2016 at night.", "Friday, September 9, 2016", "2016-09-09"),
        ("He was born on 11 December 1990.", "11 December 1990", "1990-12-11"),
        ("The strike lasted five months.", "five months", "P5M"),
        ("It signed a 27-year lease.", "27-year", "P27Y"),
        ("Prices are high now.", "now", "PRESENT_REF"),
        ("Profit rose in the third quarter.", "the third quarter", "2024-Q3"),
        ("The vote closed at 10:35 a.m. local time.", "10:35 a.m.", "2024-02-15T10:35"),
        ("Music from the 1990s returned.", "the 1990s", "199"),
        ("The report is due on 2024-03-01.", "2024-03-01", "2024-03-01"),
        ("Sales fell in the past two years.", "the past two years", "P2Y"),
        ("Sales rose in December.", "December", "2023-12"),
        ("Fighting resumed this morning.", "this morning", "2024-02-15TMO"),
    ])
    func resolvesAgainstThePublicationDate(text: String, expectedText: String, value: String) throws {
        let found = try dates(text)
        #expect(found.count == 1)
        #expect(found.first?.text == expectedText)
        #expect(found.first?.value == value)
    }

    @Test func relativeDatesWithoutPublicationDateHaveNoValue() throws {
        let found = try dates("Prices rose yesterday, as in August 2021.", published: nil)
        #expect(found.map(\.text) == ["yesterday", "August 2021"])
        #expect(found.map(\.value) == [nil, "2021-08"])
    }

    @Test func rfc3339PublicationDateWorks() throws {
        #expect(try dates("They met yesterday.", published: "2024-03-01T09:30:00Z").first?.value == "2024-02-29")
    }

    @Test func ordinaryWordsAreNotDates() throws {
        #expect(
            try dates("You may march on, said 3,200 people. Will says so.", published: "2024-02-15").map(\.text) == [])
    }

    @Test func mentionsCarryScalarOffsetsAndSentence() throws {
        let text = "Zoë arrived. Šarić left on Friday."
        let found = try dates(text)
        let mention = try #require(found.first?.mention)
        #expect(mention.start == 27)
        #expect(mention.end == 33)
        #expect(mention.sentence == 1)
        #expect(TextDocument(text).substring(mention.start..<mention.end) == "Friday")
    }

    /// The dates-and-figures fixture: exact sorted JSON of the dates and figures against 2024-02-15.
    @Test func fixtureDatesAndFigures() throws {
        let config = try FactsTestConfig.load()
        let input = String(decoding: try FactsTestConfig.fixture("dates-and-figures", "input.txt"), as: UTF8.self)
        let document = TextDocument(input)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        struct Expected: Codable, Equatable {
            var dates: [DateFact]
            var figures: [FigureFact]
        }
        let actual = Expected(
            dates: try DateExtractor(config: config).dates(
                in: document, sentences: sentences, publishedAt: Self.published),
            figures: try FigureExtractor(config: config).figures(in: document, sentences: sentences))
        let expected = try JSONDecoder().decode(
            Expected.self, from: try FactsTestConfig.fixture("dates-and-figures", "expected.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let actualText = String(decoding: try encoder.encode(actual), as: UTF8.self)
        #expect(actualText == String(decoding: try encoder.encode(expected), as: UTF8.self), "actual: \(actualText)")
    }

    @Test func calendarArithmetic() {
        #expect(DateCalendar(year: 2024, month: 2, day: 15).weekday == 4)
        #expect(DateCalendar(year: 2021, month: 1, day: 3).weekValue == "2020-W53")
        #expect(DateCalendar(year: 2024, month: 3, day: 1).adding(days: -1).dayValue == "2024-02-29")
        #expect(DateCalendar.parse("2024-13-01") == nil)
    }
}
