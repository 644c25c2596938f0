import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// Disk failures, planted with `FaultInjector` (the tests run as root, so permissions can't make a disk fail).
@Suite("ArticleStore write failures")
struct ArticleStoreFailureTests {
    @Test func failedFsyncLeavesNoTraceAndLaterWritesWork() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "before", countries: ["IT"]))
            let before = store.statistics

            faults.plant(.fail(errno: ENOSPC), on: "fsync", pathSuffix: "journal.jsonl")
            let expected = StoreError.io(call: "fsync", path: directory.file("journal.jsonl"), errno: ENOSPC)
            #expect(throws: expected) { try store.insert(makeArticle(id: "lost", countries: ["IT"])) }
            #expect(expected.isStorageUnavailable)

            #expect(store.article(id: "lost") == nil)
            #expect(store.statistics == before)
            #expect(store.countryCounts() == ["IT": 1])
            #expect(directory.contents("journal.jsonl")?.count == before.journalBytes)

            #expect(try store.insert(makeArticle(id: "after")) == .created)
            #expect(try store.insert(makeArticle(id: "lost")) == .created)
        }
        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(Set(ids(try store.page(limit: 10, cursor: nil, country: nil).items)) == ["before", "after", "lost"])
    }

    @Test func shortWriteIsCutBackSoTheJournalStaysReadable() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "a"))
            let bytes = store.statistics.journalBytes

            faults.plant(.shortWrite(bytes: 25, errno: EROFS), on: "write", pathSuffix: "journal.jsonl")
            #expect(throws: StoreError.io(call: "write", path: directory.file("journal.jsonl"), errno: EROFS)) {
                try store.insert(makeArticle(id: "half"))
            }
            #expect(store.article(id: "half") == nil)
            #expect(directory.contents("journal.jsonl")?.count == bytes)
            _ = try store.insert(makeArticle(id: "b"))
        }
        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(store.statistics.articleCount == 2)
        #expect(store.article(id: "half") == nil)
    }

    @Test func failedRollbackIsRepairedBeforeTheNextAppend() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "a"))
            faults.plant(.shortWrite(bytes: 30, errno: ENOSPC), on: "write")
            faults.plant(.fail(errno: EIO), on: "ftruncate")
            #expect(throws: StoreError.self) { try store.insert(makeArticle(id: "half")) }
            // The torn bytes are still on disk; the next append must cut them first.
            _ = try store.insert(makeArticle(id: "b"))
        }
        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(store.article(id: "a") != nil)
        #expect(store.article(id: "b") != nil)
        #expect(store.statistics.articleCount == 2)
    }

    @Test func failedRemoveKeepsTheArticle() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "a", countries: ["ES"]))
            faults.plant(.fail(errno: EDQUOT), on: "fsync")
            #expect(throws: StoreError.io(call: "fsync", path: directory.file("journal.jsonl"), errno: EDQUOT)) {
                try store.remove(id: "a")
            }
            #expect(store.article(id: "a") != nil)
            #expect(store.countryCounts() == ["ES": 1])
        }
        let (store, _) = try openStore(directory)
        #expect(store.article(id: "a") != nil)
    }

    @Test func otherErrorsAreNotStorageUnavailable() {
        #expect(!StoreError.io(call: "fsync", path: "/x", errno: EIO).isStorageUnavailable)
        #expect(!StoreError.badCursor("x").isStorageUnavailable)
        #expect(StoreError.io(call: "open", path: "/x", errno: EROFS).isStorageUnavailable)
    }
}
