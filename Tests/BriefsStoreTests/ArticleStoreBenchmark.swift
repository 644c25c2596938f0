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
}
