import BriefsDomain
import Foundation

/// Sort keys kept newest first (descending), with binary-search insert, remove and paging.
struct SortedKeys: Sendable {
    private(set) var keys: [SortKey] = []

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// Builds the order from keys in any order.
    init(unordered: some Sequence<SortKey>) {
        keys = unordered.sorted(by: >)
    }

    /// The index of the first key that sorts strictly after `key` in the listing (i.e. is smaller than it).
    func firstIndex(after key: SortKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The index where `key` is or would be inserted.
    private func position(of key: SortKey) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] > key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func insert(_ key: SortKey) {
        let index = position(of: key)
        if index < keys.count && keys[index] == key { return }
        keys.insert(key, at: index)
    }

    mutating func remove(_ key: SortKey) {
        let index = position(of: key)
        if index < keys.count && keys[index] == key { keys.remove(at: index) }
    }

    /// Up to `limit` keys after `cursor` (from the start when nil), and whether more follow.
    func page(after cursor: SortKey?, limit: Int) -> (keys: ArraySlice<SortKey>, hasMore: Bool) {
        let start = cursor.map(firstIndex(after:)) ?? 0
        let end = min(keys.count, start + max(0, limit))
        return (keys[start..<end], end < keys.count)
    }
}

/// Everything the store holds in memory, guarded by `ArticleStore.state`.
///
/// Invariant: `order` holds exactly the sort keys of `articles`, and `byCountry[code]` exactly those of the
/// articles that mention `code` (no empty entries).
struct StoreState: Sendable {
    private(set) var articles: [String: Article] = [:]
    /// Every article, newest first.
    private(set) var order = SortedKeys(unordered: [])
    /// The articles mentioning each country, newest first.
    private(set) var byCountry: [String: SortedKeys] = [:]
    /// Counts applied writes, including those replayed at start-up.
    var generation: UInt64 = 0
    /// `generation` as of the last snapshot written or loaded.
    var snapshotGeneration: UInt64 = 0
    var lastSnapshotAt: Date?
    /// Durable bytes in the current `journal.jsonl`.
    var journalBytes = 0

    init() {}

    /// A state holding `articles`, with its indexes built in one pass.
    init(articles: [String: Article]) {
        self.articles = articles
        order = SortedKeys(unordered: articles.values.map(SortKey.init))
        var keysByCountry: [String: [SortKey]] = [:]
        for article in articles.values {
            for code in Set(article.countries) { keysByCountry[code, default: []].append(SortKey(article)) }
        }
        byCountry = keysByCountry.mapValues { SortedKeys(unordered: $0) }
    }

    /// Stores `article`, replacing any article with its id, and keeps the indexes in step.
    mutating func put(_ article: Article) {
        delete(id: article.id)
        articles[article.id] = article
        let key = SortKey(article)
        order.insert(key)
        for code in Set(article.countries) { byCountry[code, default: SortedKeys(unordered: [])].insert(key) }
    }

    /// Removes the article with `id` and returns it, or nil when there was none.
    @discardableResult
    mutating func delete(id: String) -> Article? {
        guard let article = articles.removeValue(forKey: id) else { return nil }
        let key = SortKey(article)
        order.remove(key)
        for code in Set(article.countries) {
            byCountry[code]?.remove(key)
            if byCountry[code]?.isEmpty == true { byCountry[code] = nil }
        }
        return article
    }

    /// Applies one journal record.
    mutating func apply(_ record: JournalRecord) {
        switch record {
        case .put(let article): put(article)
        case .remove(let id): delete(id: id)
        }
    }

    /// The articles for `keys`, in order.
    func articles(for keys: some Sequence<SortKey>) -> [Article] {
        keys.compactMap { articles[$0.id] }
    }
}
