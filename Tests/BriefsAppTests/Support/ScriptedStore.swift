import BriefsDomain
import BriefsStore
import Synchronization

/// A store double whose writes, listing and snapshot fail with a chosen `StoreError`, and whose reads return the
/// articles it was given, for tests of what the app shows and logs when the store breaks.
final class ScriptedStore: ArticleStoring {
    private let articles: Mutex<[String: Article]>
    private let failure: Mutex<StoreError?>

    init(articles: [Article] = [], failure: StoreError? = nil) {
        self.articles = Mutex(Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        self.failure = Mutex(failure)
    }

    /// The error every write, listing and snapshot throws from now on (nil: they succeed).
    func fail(with error: StoreError?) {
        failure.withLock { $0 = error }
    }

    private func check() throws(StoreError) {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func insert(_ article: Article) throws(StoreError) -> InsertOutcome {
        try check()
        return articles.withLock { stored in
            if let existing = stored[article.id] { return .existing(existing) }
            stored[article.id] = article
            return .created
        }
    }

    func remove(id: String) throws(StoreError) -> Bool {
        try check()
        return articles.withLock { $0.removeValue(forKey: id) != nil }
    }

    func article(id: String) -> Article? {
        articles.withLock { $0[id] }
    }

    func page(limit: Int, cursor: String?, country: String?) throws(StoreError) -> ArticlePage {
        try check()
        if let cursor { throw .badCursor(cursor) }
        let items = articles.withLock { Array($0.values) }.sorted { $0.id < $1.id }
        return ArticlePage(items: Array(items.prefix(limit)), nextCursor: nil)
    }

    func articles(inCountry country: String) -> [Article] {
        articles.withLock { Array($0.values) }.filter { $0.countries.contains(country) }
    }

    func countryCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for article in articles.withLock({ Array($0.values) }) {
            for code in article.countries { counts[code, default: 0] += 1 }
        }
        return counts
    }

    func writeSnapshot() throws(StoreError) -> SnapshotReport {
        try check()
        return SnapshotReport(path: "/unused", articleCount: 0, bytes: 0, durationSeconds: 0)
    }

    var statistics: StoreStatistics {
        StoreStatistics(
            articleCount: articles.withLock { $0.count }, journalBytes: 0, lastSnapshotAt: nil, isDirty: false,
            generation: 0)
    }
}
