import BriefsDomain
import Foundation

/// Sort keys listed newest first (descending), with binary-search insert, remove and paging.
struct SortedKeys: Sendable {
    /// Oldest first (ascending), the reverse of the listing order: a new article is usually the newest, so its key
    /// goes at or near the end and `Array.insert` moves few keys. (Kept newest first, every such insert moved the
    /// whole array: 3.2 MB at 100,000 keys, some 300,000 instructions per put.)
    private var ascending: [SortKey] = []

    var count: Int { ascending.count }
    var isEmpty: Bool { ascending.isEmpty }

    /// The keys, newest first.
    var keys: ReversedCollection<[SortKey]> { ascending.reversed() }

    /// The newest key (the first of the listing), nil when empty.
    var newest: SortKey? { ascending.last }

    /// Builds the order from keys in any order.
    init(unordered: some Sequence<SortKey>) {
        ascending = unordered.sorted()
    }

    /// The number of keys smaller than `key` (where it is or would be inserted in `ascending`).
    private func lowerBound(of key: SortKey) -> Int {
        var low = 0
        var high = ascending.count
        while low < high {
            let middle = (low + high) / 2
            if ascending[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The listing index (newest first) of the first key that sorts strictly after `key` in the listing (i.e. is
    /// smaller than it).
    func firstIndex(after key: SortKey) -> Int {
        ascending.count - lowerBound(of: key)
    }

    mutating func insert(_ key: SortKey) {
        let index = lowerBound(of: key)
        if index < ascending.count && ascending[index] == key { return }
        ascending.insert(key, at: index)
    }

    mutating func remove(_ key: SortKey) {
        let index = lowerBound(of: key)
        if index < ascending.count && ascending[index] == key { ascending.remove(at: index) }
    }

    /// Up to `limit` keys after `cursor` (from the start when nil), newest first, and whether more follow.
    func page(after cursor: SortKey?, limit: Int) -> (keys: [SortKey], hasMore: Bool) {
        let end = cursor.map(lowerBound(of:)) ?? ascending.count
        let start = max(0, end - max(0, limit))
        return (Array(ascending[start..<end].reversed()), start > 0)
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
    /// Brief indexes of the countries whose brief was asked for, kept up to date by every write.
    private(set) var briefIndexes: [String: CountryBriefIndex] = [:]

    init() {}

    /// A state holding `articles`, with its indexes built in one pass.
    init(articles: [String: Article]) {
        self.articles = articles
        var keys: [SortKey] = []
        keys.reserveCapacity(articles.count)
        var keysByCountry: [String: [SortKey]] = [:]
        for index in articles.indices {
            // Fields read in place: a copy of the whole article would retain each of its strings and arrays.
            let key = SortKey(date: SortKey.normalizedDate(articles.values[index].sortDate), id: articles.keys[index])
            keys.append(key)
            let countries = articles.values[index].countries
            for (position, code) in countries.enumerated() where !countries[..<position].contains(code) {
                keysByCountry[code, default: []].append(key)
            }
        }
        order = SortedKeys(unordered: keys)
        byCountry = keysByCountry.mapValues { SortedKeys(unordered: $0) }
    }

    /// Stores `article`, replacing any article with its id, and keeps the indexes in step.
    mutating func put(_ article: Article) {
        delete(id: article.id)
        articles[article.id] = article
        let key = SortKey(article)
        order.insert(key)
        for code in Set(article.countries) {
            byCountry[code, default: SortedKeys(unordered: [])].insert(key)
            briefIndexes[code]?.add(article, country: code)
        }
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
            if briefIndexes[code] != nil {
                briefIndexes[code]?.remove(article, country: code)
                if briefIndexes[code]?.latestIngestCount == 0 {
                    // The last article with the latest ingest time left: look again (rare), reading the field in place.
                    var latest: String?
                    var count = 0
                    for key in byCountry[code]?.keys ?? SortedKeys(unordered: []).keys {
                        guard let position = articles.index(forKey: key.id) else { continue }
                        let ingested = articles.values[position].ingestedAt
                        if latest.map({ ingested > $0 }) ?? true {
                            latest = ingested
                            count = 1
                        } else if ingested == latest {
                            count += 1
                        }
                    }
                    briefIndexes[code]?.latestIngest = latest
                    briefIndexes[code]?.latestIngestCount = count
                }
            }
        }
        return article
    }

    /// Installs a brief index for `code` built from the state at `generation`; ignored when writes came since.
    mutating func install(_ index: CountryBriefIndex, for code: String, builtAt generation: UInt64) {
        guard generation == self.generation else { return }
        briefIndexes[code] = index
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

/// What a country's brief needs from every article, kept current as articles are stored and removed: the tallies
/// (people, organisations, related countries), the articles ranked as the brief ranks them, and the latest ingest time.
struct CountryBriefIndex: Sendable {
    /// Ranking key: the country's salience (higher first), then `sortDate` (newer first), then id.
    struct Rank: Sendable {
        var salience: Double
        var sortDate: String
        var id: String

        func precedes(_ other: Rank) -> Bool {
            if salience != other.salience { return salience > other.salience }
            if sortDate != other.sortDate { return sortDate > other.sortDate }
            return id < other.id
        }
    }

    var tallies = BriefTallies()
    /// Best first.
    private(set) var ranking: [Rank] = []
    /// The latest ingest time among the articles, and how many have it (so most removals need no rescan).
    var latestIngest: String?
    var latestIngestCount = 0

    init(country code: String, articles: [Article]) {
        for article in articles {
            guard let rank = Self.rank(article, code) else { continue }
            tallies.add(article, country: code)
            ranking.append(rank)
            noteIngest(article.ingestedAt)
        }
        ranking.sort { $0.precedes($1) }
    }

    static func rank(_ article: Article, _ code: String) -> Rank? {
        guard let salience = article.packedFacts.salience(of: code) else { return nil }
        return Rank(salience: salience, sortDate: article.sortDate, id: article.id)
    }

    /// Where `rank` is or would go.
    private func position(of rank: Rank) -> Int {
        var low = 0
        var high = ranking.count
        while low < high {
            let middle = (low + high) / 2
            if ranking[middle].precedes(rank) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func add(_ article: Article, country code: String) {
        guard let rank = Self.rank(article, code) else { return }
        tallies.add(article, country: code)
        ranking.insert(rank, at: position(of: rank))
        noteIngest(article.ingestedAt)
    }

    private mutating func noteIngest(_ ingestedAt: String) {
        if latestIngest.map({ ingestedAt > $0 }) ?? true {
            latestIngest = ingestedAt
            latestIngestCount = 1
        } else if ingestedAt == latestIngest {
            latestIngestCount += 1
        }
    }

    mutating func remove(_ article: Article, country code: String) {
        guard let rank = Self.rank(article, code) else { return }
        tallies.remove(article, country: code)
        if article.ingestedAt == latestIngest { latestIngestCount -= 1 }
        let index = position(of: rank)
        if index < ranking.count && ranking[index].id == rank.id { ranking.remove(at: index) }
    }
}
