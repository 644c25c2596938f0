import BriefsDomain
import Foundation
import Synchronization

/// The in-memory article store persisted as a JSON snapshot plus a fsynced journal.
/// (Skeleton: persistence is implemented in the store work.)
public final class ArticleStore: ArticleStoring {
    struct State {
        var articles: [String: Article] = [:]
        var generation: UInt64 = 0
    }

    let directory: URL
    let state = Mutex(State())

    /// Opens (creating if needed) the data directory, loads `snapshot.json` and replays the journal.
    /// - Throws: `StoreError.corruptSnapshot` when the snapshot can't be read (it is never overwritten).
    public static func open(directory: URL) throws(StoreError) -> ArticleStore {
        ArticleStore(directory: directory)
    }

    init(directory: URL) {
        self.directory = directory
    }

    public func insert(_ article: Article) throws(StoreError) -> InsertOutcome {
        state.withLock { state in
            if let existing = state.articles[article.id] { return .existing(existing) }
            state.articles[article.id] = article
            state.generation += 1
            return .created
        }
    }

    public func remove(id: String) throws(StoreError) -> Bool {
        state.withLock { state in
            guard state.articles.removeValue(forKey: id) != nil else { return false }
            state.generation += 1
            return true
        }
    }

    public func article(id: String) -> Article? {
        state.withLock { $0.articles[id] }
    }

    public func page(limit: Int, cursor: String?, country: String?) throws(StoreError) -> ArticlePage {
        let all = state.withLock { Array($0.articles.values) }
            .filter { country == nil || $0.countries.contains(country!) }
            .sorted { ($0.sortDate, $0.id) > ($1.sortDate, $1.id) }
        return ArticlePage(items: Array(all.prefix(limit)), nextCursor: nil)
    }

    public func articles(inCountry country: String) -> [Article] {
        state.withLock { Array($0.articles.values) }.filter { $0.countries.contains(country) }
            .sorted { ($0.sortDate, $0.id) > ($1.sortDate, $1.id) }
    }

    public func countryCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for article in state.withLock({ Array($0.articles.values) }) {
            for code in article.countries { counts[code, default: 0] += 1 }
        }
        return counts
    }

    public func writeSnapshot() throws(StoreError) -> SnapshotReport {
        SnapshotReport(path: directory.appendingPathComponent("snapshot.json").path, articleCount: 0, bytes: 0, durationSeconds: 0)
    }

    public var statistics: StoreStatistics {
        state.withLock {
            StoreStatistics(
                articleCount: $0.articles.count, journalBytes: 0, lastSnapshotAt: nil, isDirty: false,
                generation: $0.generation)
        }
    }
}

/// Reads and checks a snapshot file without opening a store (`newsbriefs snapshot verify`).
public enum SnapshotFile {
    /// The number of articles in the snapshot at `path`.
    /// - Throws: `StoreError.corruptSnapshot` or `StoreError.io`.
    public static func verify(path: String) throws(StoreError) -> Int {
        throw .io(call: "open", path: path, errno: 2)
    }
}
