import BriefsDomain
import Foundation
import Synchronization
import Testing

@testable import BriefsStore

@Suite("ArticleStore concurrency")
struct ArticleStoreConcurrencyTests {
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

    @Test func writersArrivingDuringAnFsyncShareTheNextOne() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        let (store, _) = try openStore(directory, faults: faults)
        let writers = 8
        let results = Results()
        let allWritten = DispatchSemaphore(value: 0)
        // Hold the first journal fsync until every writer has appended its line.
        faults.observe { call, path in
            guard path.hasSuffix("journal.jsonl") else { return }
            let count = results.count(call)
            if call == "write" && count == writers { allWritten.signal() }
            if call == "fsync" && count == 1 { _ = allWritten.wait(timeout: .now() + 10) }
        }
        let group = DispatchGroup()
        for index in 0..<writers {
            group.enter()
            Thread.detachNewThread {
                do {
                    _ = try store.insert(makeArticle(id: "g\(index)"))
                } catch {
                    results.record(failure: "\(error)")
                }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 20) == .success)
        #expect(results.failures.isEmpty)
        // The first fsync covered one line; the seven that arrived meanwhile shared the second.
        #expect(results.calls["write"] == writers)
        #expect(results.calls["fsync"] == 2)
        #expect(store.statistics.articleCount == writers)
        #expect(store.statistics.generation == UInt64(writers))
    }

    @Test func readsAndWritesGoOnWhileASnapshotIsBeingWritten() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            for id in ["a", "b", "c"] { _ = try store.insert(makeArticle(id: id)) }
            let snapshotWriting = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            // The snapshot is streamed in several writes: hold back the first one only.
            let isFirstWrite = Mutex(true)
            faults.observe { call, path in
                guard call == "write", path.hasSuffix("snapshot.json.tmp") else { return }
                guard isFirstWrite.withLock({ first in defer { first = false }; return first }) else { return }
                snapshotWriting.signal()
                _ = release.wait(timeout: .now() + 10)
            }
            let results = Results()
            Thread.detachNewThread {
                do {
                    let report = try store.writeSnapshot()
                    results.record(note: "snapshot of \(report.articleCount)")
                } catch {
                    results.record(failure: "\(error)")
                }
                finished.signal()
            }
            #expect(snapshotWriting.wait(timeout: .now() + 10) == .success)

            // The snapshot thread is stuck in its file write: the store must still serve.
            #expect(try store.insert(makeArticle(id: "during")) == .created)
            #expect(try store.remove(id: "a"))
            #expect(store.article(id: "during") != nil)
            #expect(store.statistics.articleCount == 3)

            release.signal()
            #expect(finished.wait(timeout: .now() + 10) == .success)
            #expect(results.failures.isEmpty)
            #expect(results.notes == ["snapshot of 3"])
            #expect(store.statistics.isDirty)
        }
        #expect(try SnapshotFile.verify(path: directory.file("snapshot.json")) == 3)
        let (store, _) = try openStore(directory)
        #expect(Set(ids(try store.page(limit: 10, cursor: nil, country: nil).items)) == ["b", "c", "during"])
    }
}
