import BriefsDomain
import Foundation

/// How the rest of the app talks to the store, so a shared backend can be added without touching handlers.
/// Every method is safe to call from any thread. Writes return only once they are durable.
public protocol ArticleStoring: AnyObject, Sendable {
    /// Stores `article` (durable before returning). Returns `.existing` with the stored copy when an article with
    /// the same id is already there.
    func insert(_ article: Article) throws(StoreError) -> InsertOutcome
    /// Removes the article; false when there was none. Durable before returning.
    func remove(id: String) throws(StoreError) -> Bool
    /// The stored article with `id`, or nil.
    func article(id: String) -> Article?
    /// Newest first (by `sortDate`, then id), `limit` items after `cursor`, optionally only those mentioning `country`.
    /// `nextCursor` is nil on the last page; a cursor stays valid across later writes and restarts.
    /// - Throws: `StoreError.badCursor` for a cursor the store didn't make.
    func page(limit: Int, cursor: String?, country: String?) throws(StoreError) -> ArticlePage
    /// Every article that mentions `country` (alpha-2), newest first.
    func articles(inCountry country: String) -> [Article]
    /// Article count per country code.
    func countryCounts() -> [String: Int]
    /// Per country code with articles: the count and the `sortDate` of the newest article (the first of
    /// `articles(inCountry:)`). The default reads every country's articles; a store with indexes answers from them.
    func countrySummaries() -> [String: (count: Int, latestSortDate: String?)]
    /// The brief of `country` as `builder` makes it from the articles that mention it. A store may keep indexes so
    /// that a rebuild after a write doesn't revisit every article; the default builds from `articles(inCountry:)`.
    func brief(
        for country: CountryCatalog.Country, since: String?, limit: Int, builder: BriefBuilder,
        nameOf: (String) -> String?
    ) -> CountryBrief
    /// Writes a snapshot now and empties the journal it covers.
    func writeSnapshot() throws(StoreError) -> SnapshotReport
    /// Counts and durability state, for `/health`-style endpoints and snapshot scheduling.
    var statistics: StoreStatistics { get }
}

extension ArticleStoring {
    public func countrySummaries() -> [String: (count: Int, latestSortDate: String?)] {
        var summaries: [String: (count: Int, latestSortDate: String?)] = [:]
        for (code, count) in countryCounts() {
            summaries[code] = (count, articles(inCountry: code).first?.sortDate)
        }
        return summaries
    }

    public func brief(
        for country: CountryCatalog.Country, since: String?, limit: Int, builder: BriefBuilder,
        nameOf: (String) -> String?
    ) -> CountryBrief {
        builder.brief(
            for: country, articles: articles(inCountry: country.alpha2), since: since, limit: limit, nameOf: nameOf)
    }
}

/// What `insert` did: stored the article, or found one with the same id (returned as stored, unchanged).
public enum InsertOutcome: Sendable, Equatable {
    case created
    case existing(Article)
}

/// One page of a listing; pass `nextCursor` back to get the next one.
public struct ArticlePage: Sendable, Equatable {
    public var items: [Article]
    public var nextCursor: String?

    public init(items: [Article], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// What `writeSnapshot()` wrote (JSON keys in snake case for the admin endpoint and CLI).
public struct SnapshotReport: Sendable, Equatable, Codable {
    public var path: String
    public var articleCount: Int
    public var bytes: Int
    public var durationSeconds: Double

    public init(path: String, articleCount: Int, bytes: Int, durationSeconds: Double) {
        self.path = path
        self.articleCount = articleCount
        self.bytes = bytes
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case path
        case articleCount = "article_count"
        case bytes
        case durationSeconds = "duration_seconds"
    }
}

/// A consistent view of the store's counters.
public struct StoreStatistics: Sendable, Equatable {
    public var articleCount: Int
    /// Durable bytes in `journal.jsonl`, i.e. what a restart would replay beyond the snapshot.
    public var journalBytes: Int
    /// When the last snapshot was written or loaded; nil if never.
    public var lastSnapshotAt: Date?
    /// Whether anything changed since the last snapshot.
    public var isDirty: Bool
    /// Increases on every applied write; lets readers cache derived data.
    public var generation: UInt64

    public init(articleCount: Int, journalBytes: Int, lastSnapshotAt: Date?, isDirty: Bool, generation: UInt64) {
        self.articleCount = articleCount
        self.journalBytes = journalBytes
        self.lastSnapshotAt = lastSnapshotAt
        self.isDirty = isDirty
        self.generation = generation
    }
}

/// Store failures. `io` carries the failed call and errno; the app maps disk-full/read-only to 503.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case corruptSnapshot(path: String, reason: String)
    case corruptJournal(path: String, line: Int, reason: String)
    case io(call: String, path: String, errno: Int32)
    case badCursor(String)

    public var description: String {
        switch self {
        case .corruptSnapshot(let path, let reason): return "corrupt snapshot \(path): \(reason)"
        case .corruptJournal(let path, let line, let reason): return "corrupt journal \(path):\(line): \(reason)"
        case .io(let call, let path, let errno): return "\(call) \(path) failed: errno \(errno)"
        case .badCursor(let cursor): return "bad cursor \(cursor)"
        }
    }
}
