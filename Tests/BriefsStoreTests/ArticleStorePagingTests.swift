import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

@Suite("ArticleStore pagination")
struct ArticleStorePagingTests {
    /// Five articles, "p1" oldest to "p5" newest; odd ones mention GB.
    private func storeWithFive(_ directory: TemporaryDirectory) throws -> ArticleStore {
        let (store, _) = try openStore(directory)
        for day in [3, 1, 5, 2, 4] {
            _ = try store.insert(
                makeArticle(id: "p\(day)", date: "2026-04-0\(day)T10:00:00Z", countries: day % 2 == 1 ? ["GB"] : []))
        }
        return store
    }

    /// Every page from the start, as lists of ids.
    private func allPages(_ store: ArticleStore, limit: Int, country: String? = nil) throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            let page = try store.page(limit: limit, cursor: cursor, country: country)
            pages.append(ids(page.items))
            cursor = page.nextCursor
        } while cursor != nil && pages.count < 20
        return pages
    }

    @Test func pagesRunNewestFirst() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try storeWithFive(directory)
        #expect(try allPages(store, limit: 2) == [["p5", "p4"], ["p3", "p2"], ["p1"]])
        #expect(try allPages(store, limit: 5) == [["p5", "p4", "p3", "p2", "p1"]])
        #expect(try store.page(limit: 5, cursor: nil, country: nil).nextCursor == nil)
        #expect(try store.page(limit: 0, cursor: nil, country: nil) == ArticlePage(items: [], nextCursor: nil))
    }

    @Test func equalDatesAreOrderedByIDDescending() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        for id in ["b", "c", "a"] { _ = try store.insert(makeArticle(id: id, date: "2026-05-01")) }
        #expect(try allPages(store, limit: 1) == [["c"], ["b"], ["a"]])
    }

    @Test func laterWritesDoNotShiftPagesAlreadyStarted() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try storeWithFive(directory)
        let first = try store.page(limit: 2, cursor: nil, country: nil)
        #expect(ids(first.items) == ["p5", "p4"])

        _ = try store.insert(makeArticle(id: "p9", date: "2026-04-09T10:00:00Z"))  // newer: before the cursor
        _ = try store.insert(makeArticle(id: "p0", date: "2026-03-31T10:00:00Z"))  // older: still ahead
        #expect(try store.remove(id: "p4"))  // the cursor's own item may go

        let second = try store.page(limit: 2, cursor: first.nextCursor, country: nil)
        #expect(ids(second.items) == ["p3", "p2"])
        let third = try store.page(limit: 2, cursor: second.nextCursor, country: nil)
        #expect(ids(third.items) == ["p1", "p0"])
        #expect(third.nextCursor == nil)
    }

    @Test func countryFilterPagesOnlyThatCountry() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try storeWithFive(directory)
        #expect(try allPages(store, limit: 2, country: "GB") == [["p5", "p3"], ["p1"]])
        #expect(try store.page(limit: 2, cursor: nil, country: "ZZ") == ArticlePage(items: [], nextCursor: nil))
    }

    @Test func cursorsSurviveARestart() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let cursor = try storeWithFive(directory).page(limit: 3, cursor: nil, country: nil).nextCursor
        let (reopened, _) = try openStore(directory)
        #expect(ids(try reopened.page(limit: 3, cursor: cursor, country: nil).items) == ["p2", "p1"])
    }

    @Test(arguments: [
        "not a cursor!",
        "",
        Data("[1,2]".utf8).base64EncodedString(),
        Data(#"["2026-01-01"]"#.utf8).base64EncodedString(),
        Data(#"["2026-01-01",""]"#.utf8).base64EncodedString(),
        "%%%",
    ])
    func badCursorsAreRejected(cursor: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let store = try storeWithFive(directory)
        #expect {
            _ = try store.page(limit: 2, cursor: cursor, country: nil)
        } throws: { error in
            guard case .badCursor? = error as? StoreError else { return false }
            return true
        }
    }

    @Test func cursorRoundTripsKeysWithAnyCharacters() throws {
        let key = SortKey(date: "2026-01-01|odd \"date\"/+", id: "ïd|1")
        #expect(try PageCursor.decode(PageCursor.encode(key)) == key)
    }
}

@Suite("SortedKeys")
struct SortedKeysTests {
    @Test func insertAndRemoveKeepDescendingOrder() {
        var keys = SortedKeys(unordered: [])
        let inputs = [("2026-01-02", "b"), ("2026-01-01", "z"), ("2026-01-02", "a"), ("2026-01-03", "c")]
        for (date, id) in inputs { keys.insert(SortKey(date: date, id: id)) }
        keys.insert(SortKey(date: "2026-01-02", id: "a"))  // already there
        #expect(keys.keys.map(\.id) == ["c", "b", "a", "z"])

        keys.remove(SortKey(date: "2026-01-02", id: "b"))
        keys.remove(SortKey(date: "2030-01-01", id: "missing"))
        #expect(keys.keys.map(\.id) == ["c", "a", "z"])
        #expect(keys.firstIndex(after: SortKey(date: "2026-01-02", id: "b")) == 1)
        #expect(keys.firstIndex(after: SortKey(date: "2027-01-01", id: "")) == 0)
        #expect(keys.firstIndex(after: SortKey(date: "2000-01-01", id: "")) == 3)
    }
}
