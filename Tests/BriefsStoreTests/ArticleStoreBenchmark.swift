import Foundation
import Testing

@testable import BriefsStore

/// A rerunnable measurement, not a test: it asserts nothing about time and only runs when asked.
///
///     BRIEFS_STORE_BENCH=1 swift test --filter ArticleStoreBenchmark
///
/// Prints the wall time of sequential inserts (one fsync each) against the same number spread over 16 threads (group
/// commit shares fsyncs), and of a snapshot of the result.
@Suite("ArticleStoreBenchmark", .enabled(if: ProcessInfo.processInfo.environment["BRIEFS_STORE_BENCH"] != nil))
struct ArticleStoreBenchmark {
    @Test(arguments: [1, 16])
    func inserts(threads: Int) throws {
        let total = 400
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = try openStore(directory)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let group = DispatchGroup()
            for thread in 0..<threads {
                group.enter()
                Thread.detachNewThread {
                    for index in 0..<(total / threads) {
                        _ = try? store.insert(makeArticle(id: "t\(thread)-\(index)", countries: ["FR"]))
                    }
                    group.leave()
                }
            }
            group.wait()
        }
        #expect(store.statistics.articleCount == total)
        let report = try store.writeSnapshot()
        print(
            "bench: \(total) inserts on \(threads) thread(s) in \(elapsed);",
            "snapshot of \(report.articleCount) articles, \(report.bytes) bytes, \(report.durationSeconds) s")
    }

    @Test func reopen() throws {
        let total = 5_000
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            DispatchQueue.concurrentPerform(iterations: 50) { thread in
                for index in 0..<(total / 50) {
                    _ = try? store.insert(makeArticle(id: "r\(thread)-\(index)", countries: ["FR", "DE"]))
                }
            }
        }
        let clock = ContinuousClock()
        var journalReplay = Duration.zero
        journalReplay = try clock.measure { _ = try openStore(directory) }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.writeSnapshot()
        }
        let snapshotLoad = try clock.measure { _ = try openStore(directory) }
        let (store, _) = try openStore(directory)
        let pages = clock.measure {
            for _ in 0..<1_000 { _ = try? store.page(limit: 20, cursor: nil, country: "FR") }
        }
        print(
            "bench: open of \(total) articles from the journal \(journalReplay), from a snapshot \(snapshotLoad);",
            "1000 first pages of 20 in \(pages)")
    }
}
