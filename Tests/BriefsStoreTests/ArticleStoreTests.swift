import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

@Suite("ArticleStore reads and writes")
struct ArticleStoreTests {
    @Test func insertGetAndRemove() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        let article = makeArticle(id: "a1", countries: ["FR"])

        #expect(try store.insert(article) == .created)
        #expect(store.article(id: "a1") == article)
        #expect(store.statistics.articleCount == 1)
        #expect(try store.remove(id: "a1"))
        #expect(store.article(id: "a1") == nil)
        #expect(try store.remove(id: "a1") == false)

        let statistics = store.statistics
        #expect(statistics.articleCount == 0)
        #expect(statistics.generation == 2)
        #expect(statistics.isDirty)
    }

    @Test func insertingTheSameIDAgainReturnsTheStoredCopyAndWritesNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        let original = makeArticle(id: "dup", title: "First")
        #expect(try store.insert(original) == .created)
        let before = store.statistics

        let outcome = try store.insert(makeArticle(id: "dup", title: "Second"))

        #expect(outcome == .existing(original))
        #expect(store.statistics == before)
        #expect(directory.contents("journal.jsonl")?.count == before.journalBytes)
        #expect(store.article(id: "dup")?.title == "First")
    }

    @Test func countrySummariesGiveTheCountAndTheNewestArticlesDate() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        // 10:00+02:00 is 08:00 UTC: older than 09:00Z although it sorts after it as text.
        _ = try store.insert(makeArticle(id: "a", date: "2026-01-03T10:00:00+02:00", countries: ["FR", "DE"]))
        _ = try store.insert(makeArticle(id: "b", date: "2026-01-03T09:00:00Z", countries: ["FR"]))
        _ = try store.insert(makeArticle(id: "c", date: "2025-12-31", countries: ["DE"]))

        var summaries = store.countrySummaries()
        #expect(summaries.count == 2)
        #expect(summaries["FR"]?.count == 2)
        #expect(summaries["FR"]?.latestSortDate == "2026-01-03T09:00:00Z")
        #expect(summaries["DE"]?.count == 2)
        #expect(summaries["DE"]?.latestSortDate == "2026-01-03T10:00:00+02:00")

        #expect(try store.remove(id: "b"))
        #expect(try store.remove(id: "a"))
        summaries = store.countrySummaries()
        #expect(summaries["FR"] == nil)
        #expect(summaries["DE"]?.count == 1)
        #expect(summaries["DE"]?.latestSortDate == "2025-12-31")
    }

    @Test func countryIndexFollowsInsertsAndRemovals() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        _ = try store.insert(makeArticle(id: "a", date: "2026-01-03", countries: ["FR", "DE"]))
        _ = try store.insert(makeArticle(id: "b", date: "2026-01-02", countries: ["FR"]))
        _ = try store.insert(makeArticle(id: "c", date: "2026-01-04", countries: ["FR", "FR"]))
        _ = try store.insert(makeArticle(id: "d", date: "2026-01-01"))

        #expect(store.countryCounts() == ["FR": 3, "DE": 1])
        #expect(ids(store.articles(inCountry: "FR")) == ["c", "a", "b"])

        #expect(try store.remove(id: "a"))

        #expect(store.countryCounts() == ["FR": 2])
        #expect(store.articles(inCountry: "DE").isEmpty)
        #expect(ids(store.articles(inCountry: "FR")) == ["c", "b"])
        #expect(try store.page(limit: 10, cursor: nil, country: "DE") == ArticlePage(items: [], nextCursor: nil))
    }
}
