import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// The store's per-country brief index gives the same brief as building from every article, through inserts,
/// replacements and removals after the index exists.
@Suite("ArticleStore brief index")
struct ArticleStoreBriefIndexTests {
    static let builder: BriefBuilder? = {
        var root = URL(fileURLWithPath: #filePath)
        while root.pathComponents.count > 1 {
            root.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { break }
        }
        let config = root.appendingPathComponent("Config")
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: config.path) else { return nil }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = config.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            files[relative] = data
        }
        return try? BriefBuilder(config: ConfigFiles(files: files))
    }()

    static let france = CountryCatalog.Country(alpha2: "FR", alpha3: "FRA", name: "France")

    /// Article `number`: France with one of three saliences, people and organisations shared between articles, a
    /// second country on some, dates spread so that ties on salience are broken by date and id.
    static func article(_ number: Int) -> Article {
        let sentences = [
            "France and its partners met in Paris on Monday to discuss the budget of \(number) million.",
            "Marie Dupont, the minister, said the talks with the Union went well for everyone.",
            "Officials from Germany joined them later in the week for a second round.",
        ]
        let body = Body(paragraphs: [sentences.joined(separator: " ")])
        var countries = [
            CountryFact(
                code: "FR", name: "France", mentionCount: 1, salience: [1, 0.5, 0.25][number % 3], focus: number % 2 == 0,
                mentions: [Mention(start: 0, end: 6, sentence: 0)])
        ]
        if number % 4 == 1 {
            countries.append(
                CountryFact(
                    code: "DE", name: "Germany", mentionCount: 1, salience: 0.2, focus: false,
                    mentions: [Mention(start: 170, end: 177, sentence: 2)]))
        }
        let people = [
            PersonFact(
                name: "Marie Dupont", titles: number % 3 == 0 ? ["minister"] : ["Minister of Finance"], country: nil,
                mentionCount: 1 + number % 2, mentions: [Mention(start: 90, end: 102, sentence: 1)]),
            PersonFact(
                name: "Person \(number % 5)", titles: [], country: number % 2 == 0 ? "FR" : nil, mentionCount: 1,
                mentions: [Mention(start: 0, end: 6, sentence: number % 3)]),
        ]
        let organizations = [
            OrganizationFact(
                name: "the Union", aliases: [], mentionCount: 1, mentions: [Mention(start: 140, end: 149, sentence: 1)]),
            OrganizationFact(
                name: "Council \(number % 3)", aliases: [], mentionCount: 2, mentions: [Mention(start: 0, end: 4, sentence: 0)]),
        ]
        let dates = [DateFact(text: "Monday", value: "2026-03-0\(1 + number % 9)", mention: Mention(start: 60, end: 66, sentence: 0))]
        return Article(
            id: String(format: "id%03d", number), title: "Story \(number)", url: "https://example.org/\(number)",
            publishedAt: "2026-03-\(String(format: "%02d", 1 + number % 20))", ingestedAt: "2026-04-01T00:00:\(String(format: "%02d", number % 60))Z",
            body: body, wordCount: 40,
            facts: Facts(countries: countries, people: people, organizations: organizations, dates: dates))
    }

    func expectSameBriefs(_ store: ArticleStore, _ builder: BriefBuilder) {
        for limit in [1, 3, 20] {
            let indexed = store.brief(for: Self.france, since: nil, limit: limit, builder: builder, nameOf: { $0 == "DE" ? "Germany" : nil })
            let full = builder.brief(
                for: Self.france, articles: store.articles(inCountry: "FR"), limit: limit,
                nameOf: { $0 == "DE" ? "Germany" : nil })
            #expect(indexed == full, "limit \(limit)")
        }
    }

    @Test func indexFollowsEveryWrite() throws {
        let builder = try #require(Self.builder)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        for number in 0..<30 { _ = try store.insert(Self.article(number)) }
        expectSameBriefs(store, builder)  // builds the index
        #expect(store.state.withLock { $0.briefIndexes["FR"] != nil })

        for number in 30..<45 { _ = try store.insert(Self.article(number)) }
        expectSameBriefs(store, builder)
        for number in [0, 3, 4, 5, 44, 17] { #expect(try store.remove(id: Self.article(number).id)) }
        expectSameBriefs(store, builder)
        // The latest ingest time leaves with the articles that had it.
        for number in 0..<45 where number % 60 >= 40 { _ = try store.remove(id: Self.article(number).id) }
        expectSameBriefs(store, builder)
        // `since` takes the other path, still the same as building from the articles.
        let since = store.brief(for: Self.france, since: "2026-03-10", limit: 5, builder: builder, nameOf: { _ in nil })
        let full = builder.brief(
            for: Self.france, articles: store.articles(inCountry: "FR"), since: "2026-03-10", limit: 5,
            nameOf: { _ in nil })
        #expect(since == full)
        #expect(since.articleCount < store.articles(inCountry: "FR").count)
    }

    @Test func talliesTakeBackWhatTheyAdded() {
        var tallies = BriefTallies()
        let articles = (0..<12).map(Self.article)
        for article in articles { tallies.add(article, country: "FR") }
        for article in articles[6...] { tallies.remove(article, country: "FR") }
        #expect(tallies == BriefTallies(country: "FR", articles: articles[..<6]))
        for article in articles[..<6] { tallies.remove(article, country: "FR") }
        #expect(tallies == BriefTallies())
    }
}
