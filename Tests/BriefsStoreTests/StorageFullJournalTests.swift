import BriefsDomain
import Foundation
import Synchronization
import Testing

@testable import BriefsStore

/// The journal's name must be durable before a line in it is acknowledged. A snapshot rotates `journal.jsonl` away
/// and creates a new one, then fsyncs the directory; when that directory fsync fails (the snapshot reports the
/// error), writes used to be acknowledged into the new file while a power cut could still lose its name, and every
/// line with it. Now the commit leader fsyncs the directory once after any (re)open, before acknowledging.
@Suite("Journal directory entry durability")
struct StorageFullJournalTests {
    /// Records every faultable (call, path) made while it is installed.
    final class CallLog: Sendable {
        private let calls = Mutex<[String]>([])

        func record(_ call: String, _ path: String) {
            calls.withLock { $0.append("\(call) \(path)") }
        }

        /// The calls recorded since the last `take()`.
        func take() -> [String] {
            calls.withLock { calls in
                defer { calls.removeAll() }
                return calls
            }
        }
    }

    @Test func journalCreatedByAFailedRotationIsSyncedBeforeTheNextAcknowledgement() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        let log = CallLog()
        let (store, _) = try openStore(directory, faults: faults)
        let directoryPath = StorePaths(directory: directory.url).directory
        _ = try store.insert(makeArticle(id: "a"))

        // The snapshot renames the journal away, creates a new one, and its directory fsync fails.
        faults.plant(.fail(errno: EIO), on: "fsync", pathSuffix: directory.url.lastPathComponent)
        #expect(throws: StoreError.io(call: "fsync", path: directoryPath, errno: EIO)) {
            try store.writeSnapshot()
        }
        #expect(directory.exists("journal.1.jsonl"))

        faults.observe { log.record($0, $1) }
        #expect(try store.insert(makeArticle(id: "b")) == .created)
        let journalPath = StorePaths(directory: directory.url).journal
        #expect(log.take().filter { $0.hasPrefix("fsync") } == ["fsync \(journalPath)", "fsync \(directoryPath)"])

        // Once is enough: the next write syncs only the journal.
        #expect(try store.insert(makeArticle(id: "c")) == .created)
        #expect(log.take().filter { $0.hasPrefix("fsync") } == ["fsync \(journalPath)"])
    }

    @Test func failedDirectorySyncRefusesTheWriteAndLeavesNoTrace() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        let directoryPath = StorePaths(directory: directory.url).directory
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "a", countries: ["PT"]))
            faults.plant(.fail(errno: ENOSPC), on: "fsync", pathSuffix: directory.url.lastPathComponent)
            #expect(throws: StoreError.self) { try store.writeSnapshot() }
            let before = store.statistics

            // The first write into the new journal needs the directory fsync; it fails again, on a full disk.
            faults.plant(.fail(errno: ENOSPC), on: "fsync", pathSuffix: directory.url.lastPathComponent)
            let refused = StoreError.io(call: "fsync", path: directoryPath, errno: ENOSPC)
            #expect(throws: refused) { try store.insert(makeArticle(id: "b", countries: ["PT"])) }
            #expect(refused.isStorageUnavailable)
            #expect(store.article(id: "b") == nil)
            #expect(store.countryCounts() == ["PT": 1])
            #expect(store.statistics == before)
            #expect(directory.contents("journal.jsonl")?.count == 0)

            // Space returns: the same write goes through.
            #expect(try store.insert(makeArticle(id: "b", countries: ["PT"])) == .created)
        }
        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(Set(ids(try store.page(limit: 10, cursor: nil, country: nil).items)) == ["a", "b"])
    }
}
