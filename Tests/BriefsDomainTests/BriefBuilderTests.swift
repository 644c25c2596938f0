@testable import BriefsDomain
import Foundation
import Testing

@Suite struct BriefBuilderTests {
    static let albania = CountryCatalog.Country(alpha2: "AL", alpha3: "ALB", name: "Albania")

    /// An article whose body is `paragraphs`, with Albania (and optionally Kosovo) mentioned in given sentences.
    static func article(
        id: String, published: String, paragraphs: [String], albaniaSentences: [Int], salience: Double,
        focus: Bool, otherCountries: [String] = [], dates: [DateFact] = [], people: [PersonFact] = []
    ) -> Article {
        let body = Body(paragraphs: paragraphs)
        let mentions = albaniaSentences.map { Mention(start: 0, end: 7, sentence: $0) }
        var countries = [
            CountryFact(
                code: "AL", name: "Albania", mentionCount: mentions.count, salience: salience, focus: focus,
                mentions: mentions)
        ]
        for code in otherCountries {
            countries.append(
                CountryFact(code: code, name: code, mentionCount: 1, salience: 0.1, focus: false, mentions: []))
        }
        return Article(
            id: id, title: "Title \(id)", publishedAt: published, ingestedAt: published + "T12:00:00Z", body: body,
            wordCount: 50, facts: Facts(countries: countries, people: people, dates: dates))
    }

    func builder() throws -> BriefBuilder { try BriefBuilder(config: Self.config) }

    static var config: ConfigFiles { RepositoryConfig.files }

    @Test func sameWireStoryFromTwoOutletsGivesEachSentenceOnce() throws {
        let paragraphs = [
            "Albania will host an international summit on the future of the region later this month.",
            "Officials in Tirana said preparations were well under way for the meeting.",
        ]
        let first = Self.article(
            id: "a1", published: "2024-02-10", paragraphs: paragraphs, albaniaSentences: [0], salience: 0.6, focus: true)
        var secondParagraphs = paragraphs
        secondParagraphs[0] = "Albania will host an international summit on the future of the region later this month!"
        let second = Self.article(
            id: "a2", published: "2024-02-11", paragraphs: secondParagraphs, albaniaSentences: [0], salience: 0.5,
            focus: true)
        let brief = try builder().brief(for: Self.albania, articles: [first, second], nameOf: { _ in nil })
        let summits = brief.summary.filter { $0.text.contains("international summit") }
        #expect(summits.count == 1)
        #expect(summits.first?.articleID == "a1")
        #expect(brief.articleCount == 2)
    }

    @Test func articlesRankBySalienceAndSinceFilters() throws {
        let low = Self.article(
            id: "low", published: "2024-01-01", paragraphs: ["Albania was mentioned once in passing here today."],
            albaniaSentences: [0], salience: 0.1, focus: false)
        let high = Self.article(
            id: "high", published: "2023-12-01", paragraphs: ["Albania is the subject of this whole story today."],
            albaniaSentences: [0], salience: 0.9, focus: true)
        let brief = try builder().brief(for: Self.albania, articles: [low, high], nameOf: { _ in nil })
        #expect(brief.articles.map(\.id) == ["high", "low"])
        let recent = try builder().brief(for: Self.albania, articles: [low, high], since: "2024-01-01", nameOf: { _ in nil })
        #expect(recent.articles.map(\.id) == ["low"])
        #expect(recent.articleCount == 1)
    }

    @Test func relatedCountriesCountCoMentions() throws {
        let one = Self.article(
            id: "1", published: "2024-01-01", paragraphs: ["Albania and Kosovo signed an agreement on trade."],
            albaniaSentences: [0], salience: 0.5, focus: true, otherCountries: ["XK"])
        let two = Self.article(
            id: "2", published: "2024-01-02", paragraphs: ["Albania, Kosovo and Serbia met for further talks."],
            albaniaSentences: [0], salience: 0.5, focus: true, otherCountries: ["XK", "RS"])
        let brief = try builder().brief(
            for: Self.albania, articles: [one, two], nameOf: { $0 == "XK" ? "Kosovo" : nil })
        #expect(brief.relatedCountries.first?.code == "XK")
        #expect(brief.relatedCountries.first?.coMentions == 2)
        #expect(brief.relatedCountries.first?.name == "Kosovo")
        #expect(brief.relatedCountries.map(\.code) == ["XK", "RS"])
    }

    @Test func timelineIsInDateOrderWithItsSentence() throws {
        let paragraphs = [
            "Albania joined the alliance in April 2009 after years of preparation.",
            "In August 2021 Albania agreed to house thousands of people fleeing the conflict.",
        ]
        let dates = [
            DateFact(text: "August 2021", value: "2021-08", mention: Mention(start: 0, end: 11, sentence: 1)),
            DateFact(text: "April 2009", value: "2009-04", mention: Mention(start: 0, end: 10, sentence: 0)),
            DateFact(text: "now", value: "PRESENT_REF", mention: Mention(start: 0, end: 3, sentence: 1)),
        ]
        let article = Self.article(
            id: "t", published: "2024-02-15", paragraphs: paragraphs, albaniaSentences: [0, 1], salience: 0.7,
            focus: true, dates: dates)
        let brief = try builder().brief(for: Self.albania, articles: [article], nameOf: { _ in nil })
        #expect(brief.timeline.map(\.date) == ["2009-04", "2021-08"])
        #expect(brief.timeline.last?.sentence.contains("thousands of people") == true)
    }

    @Test func peopleAggregateAcrossArticles() throws {
        let person = PersonFact(
            name: "Edi Rama", titles: ["Prime Minister"], country: "AL", mentionCount: 2,
            mentions: [Mention(start: 0, end: 8, sentence: 0)])
        let one = Self.article(
            id: "1", published: "2024-01-01", paragraphs: ["Edi Rama spoke about Albania and its neighbours."],
            albaniaSentences: [0], salience: 0.5, focus: true, people: [person])
        let two = Self.article(
            id: "2", published: "2024-01-02", paragraphs: ["Edi Rama again spoke about Albania and reform."],
            albaniaSentences: [0], salience: 0.5, focus: true, people: [person])
        let brief = try builder().brief(for: Self.albania, articles: [one, two], nameOf: { _ in nil })
        #expect(brief.people.first?.name == "Edi Rama")
        #expect(brief.people.first?.articleCount == 2)
        #expect(brief.people.first?.mentionCount == 4)
        #expect(brief.people.first?.titles == ["Prime Minister"])
    }

    @Test func limitCapsEveryList() throws {
        let articles = (0..<5).map { index in
            Self.article(
                id: "a\(index)", published: "2024-01-0\(index + 1)",
                paragraphs: ["Albania story number \(index) has a sentence long enough to be summarised."],
                albaniaSentences: [0], salience: 0.5, focus: true)
        }
        let brief = try builder().brief(for: Self.albania, articles: articles, limit: 2, nameOf: { _ in nil })
        #expect(brief.articles.count == 2)
        #expect(brief.summary.count == 2)
        #expect(brief.articleCount == 5)
    }

    /// The bounded selection of the top articles gives the head of a full sort, ties included.
    @Test(arguments: [0, 1, 5, 50, 199, 200, 1_000])
    func boundedSelectionMatchesAFullSort(k: Int) {
        // Many ties on the first key (as many articles share a salience), broken by the second.
        let keys = (0..<200).map { index in ((index * 37) % 7, (index * 53) % 200) }
        let precedes = { (lhs: Int, rhs: Int) -> Bool in
            keys[lhs].0 != keys[rhs].0 ? keys[lhs].0 > keys[rhs].0 : keys[lhs].1 < keys[rhs].1
        }
        let expected = Array((0..<keys.count).sorted(by: precedes).prefix(k))
        #expect(BriefBuilder.first(k, of: 0..<keys.count, by: precedes) == expected)
    }

    /// Articles tied on salience are ranked newest first, then by id, whatever order they come in.
    @Test func tiedArticlesRankByDateThenID() throws {
        let articles = ["c", "a", "d", "b"].enumerated().map { offset, id in
            Self.article(
                id: id, published: id == "d" ? "2024-02-01" : "2024-01-01",
                paragraphs: ["Albania story \(id) has a sentence long enough to be summarised here."],
                albaniaSentences: [0], salience: 0.5, focus: offset % 2 == 0)
        }
        let brief = try builder().brief(for: Self.albania, articles: articles, limit: 3, nameOf: { _ in nil })
        #expect(brief.articles.map(\.id) == ["d", "a", "b"])
        let reversed = try builder().brief(for: Self.albania, articles: articles.reversed(), limit: 3, nameOf: { _ in nil })
        #expect(reversed == brief)
    }
}
