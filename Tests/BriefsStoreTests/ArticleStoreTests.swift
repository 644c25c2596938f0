import BriefsDomain
import Foundation
import Synchronization
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

    @Test func manyThreadsInsertingAtOnceAreAllDurable() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let count = 64
        do {
            let (store, _) = try openStore(directory)
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do {
                    let created = try store.insert(makeArticle(id: String(format: "id%03d", index), countries: ["NO"]))
                    let shared = try store.insert(makeArticle(id: "shared", title: "by \(index)"))
                    results.record(created: created == .created, sharedCreated: shared == .created)
                } catch {
                    results.record(failure: "\(error)")
                }
            }
            #expect(results.failures.isEmpty)
            #expect(results.createdCount == count)
            #expect(results.sharedCreatedCount == 1)
            #expect(store.statistics.generation == UInt64(count + 1))
            #expect(store.countryCounts() == ["NO": count])
        }
        let (reopened, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(reopened.statistics.articleCount == count + 1)
        for index in 0..<count {
            #expect(reopened.article(id: String(format: "id%03d", index)) != nil)
        }
        let lines = String(decoding: directory.contents("journal.jsonl") ?? Data(), as: UTF8.self)
            .split(separator: "\n")
        #expect(lines.count == count + 1)
    }

    @Test func snapshotsTakenWhileOthersWriteLoseNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let count = 60
        do {
            let (store, _) = try openStore(directory)
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: count) { index in
                do {
                    if index % 10 == 0 {
                        _ = try store.writeSnapshot()
                    } else {
                        _ = try store.insert(makeArticle(id: "w\(index)", countries: ["PL"]))
                        if index % 3 == 0 { _ = try store.remove(id: "w\(index)") }
                    }
                } catch {
                    results.record(failure: "\(error)")
                }
            }
            #expect(results.failures.isEmpty)
        }
        let expected = Set((0..<count).filter { $0 % 10 != 0 && $0 % 3 != 0 }.map { "w\($0)" })
        let (reopened, _) = try openStore(directory)
        #expect(Set(ids(reopened.articles(inCountry: "PL"))) == expected)
        #expect(directory.names().filter { $0.hasPrefix("journal.") && $0 != "journal.jsonl" }.isEmpty)
    }
}

/// Thread-safe tallies for the concurrency tests.
final class Results: Sendable {
    private struct Tally {
        var created = 0
        var sharedCreated = 0
        var failures: [String] = []
    }

    private let tally = Mutex(Tally())

    func record(created: Bool, sharedCreated: Bool) {
        tally.withLock {
            $0.created += created ? 1 : 0
            $0.sharedCreated += sharedCreated ? 1 : 0
        }
    }

    func record(failure: String) {
        tally.withLock { $0.failures.append(failure) }
    }

    var createdCount: Int { tally.withLock { $0.created } }
    var sharedCreatedCount: Int { tally.withLock { $0.sharedCreated } }
    var failures: [String] { tally.withLock { $0.failures } }
}
