import BriefsDomain
import Foundation
import Synchronization

/// The in-memory article store, made durable by an fsynced journal plus periodic JSON snapshots.
///
/// - Reads take `state` (a `Mutex<StoreState>`) briefly and return copies; they never wait for disk.
/// - Writes go through the commit queue (`ArticleStore+Commit.swift`): the journal line is appended and fsynced
///   before the change is applied in memory and the call returns. Concurrent writers share one fsync.
/// - `writeSnapshot()` rotates the journal under the writer lock, then encodes and writes outside it
///   (`ArticleStore+Snapshot.swift`).
///
/// Data directory layout: see `StorePaths`. One process at a time: `open` takes a POSIX lock on `lock` and fails
/// with `StoreError.isDirectoryInUse` while another process holds it. POSIX locks belong to the process, so within
/// one process it is up to the caller to open a directory once (a released store may be reopened).
public final class ArticleStore: ArticleStoring {
    /// The data directory.
    public let directory: URL
    /// What start-up recovered from (e.g. a torn last journal line that was dropped), in order. Also passed to the
    /// `warn` callback of `open(directory:warn:)`.
    public let recoveryWarnings: [String]

    let paths: StorePaths
    let files: FileSystem
    let state: Mutex<StoreState>
    let commits: CommitQueue
    /// Holds the directory's `lock` file lock for the store's lifetime.
    let lockDescriptor: Int32
    /// Serialises `writeSnapshot()` calls: a slow older snapshot must not replace a newer one.
    let snapshotLock = NSLock()

    /// Opens (creating if needed) the data directory, loads `snapshot.json` and replays the journals.
    ///
    /// Replay order: the snapshot, then the rotated journals `journal.<n>.jsonl` by ascending `n`, then
    /// `journal.jsonl`. A torn or undecodable last line of a journal is dropped (the file is cut to the last good line
    /// so later appends stay valid) and reported through `warn` and `recoveryWarnings`.
    /// - Parameters:
    ///   - directory: The data directory.
    ///   - warn: Called synchronously, once per recovery warning.
    /// - Throws: `StoreError.corruptSnapshot` when the snapshot can't be read (it is never overwritten),
    ///   `StoreError.corruptJournal` for a bad line before the last one, `StoreError.io` for a failed call.
    public static func open(directory: URL, warn: (String) -> Void = { _ in }) throws(StoreError) -> ArticleStore {
        try open(directory: directory, files: FileSystem(), warn: warn)
    }

    /// `open(directory:warn:)` with a chosen `FileSystem` (tests plant faults in it).
    static func open(directory: URL, files: FileSystem, warn: (String) -> Void = { _ in }) throws(StoreError)
        -> ArticleStore
    {
        let paths = StorePaths(directory: directory)
        try files.makeDirectories(paths.directory)
        let lock = try files.lockFile(paths.lock)
        do throws(StoreError) {
            return try open(paths: paths, lock: lock, directory: directory, files: files, warn: warn)
        } catch {
            files.closeFile(lock)
            throw error
        }
    }

    /// Loads and replays the files of a directory whose lock is held.
    private static func open(
        paths: StorePaths, lock: Int32, directory: URL, files: FileSystem, warn: (String) -> Void
    ) throws(StoreError) -> ArticleStore {
        // A crash while writing a snapshot leaves its temp file; the previous snapshot is still whole.
        try files.removeFile(paths.snapshotTemp)

        var articles: [String: Article] = [:]
        var lastSnapshotAt: Date?
        if let data = try files.contents(of: paths.snapshot) {
            var snapshot = try Snapshot.decode(data, path: paths.snapshot)
            lastSnapshotAt = snapshot.savedAt
            // Moved out one by one (popLast), not copied: each copy of an article retains every string and array.
            articles.reserveCapacity(snapshot.articles.count)
            while let article = snapshot.articles.popLast() { articles[article.id] = article }
        }

        var warnings: [String] = []
        var replayed: UInt64 = 0
        let rotated = paths.rotatedJournals(among: try files.entries(of: paths.directory))
        for path in rotated.map(\.path) + [paths.journal] {
            guard let data = try files.contents(of: path) else { continue }
            let contents = try JournalContents(parsing: data, path: path)
            for record in contents.records {
                switch record {
                case .put(let article): articles[article.id] = article
                case .remove(let id): articles[id] = nil
                }
            }
            replayed += UInt64(contents.records.count)
            if let dropped = contents.droppedTail {
                try cut(path, toBytes: contents.validBytes, files: files)
                warnings.append(dropped)
                warn(dropped)
            }
        }

        let journal = try JournalFile(path: paths.journal, files: files)
        try files.syncDirectory(paths.directory)

        var state = StoreState(articles: articles)
        articles = [:]
        // Parsing freed many short-lived buffers across the worker threads' malloc arenas; hand the free pages back
        // to the system so the resident size reflects what the store keeps.
        releaseFreeMemory()
        state.generation = replayed
        state.snapshotGeneration = 0
        state.lastSnapshotAt = lastSnapshotAt
        state.journalBytes = journal.writtenBytes
        let commits = CommitQueue(journal: journal, nextRotation: (rotated.last?.number ?? 0) + 1)
        return ArticleStore(
            directory: directory, paths: paths, files: files, state: state, commits: commits, lock: lock,
            warnings: warnings)
    }

    private init(
        directory: URL, paths: StorePaths, files: FileSystem, state: StoreState, commits: CommitQueue, lock: Int32,
        warnings: [String]
    ) {
        self.directory = directory
        self.paths = paths
        self.files = files
        self.state = Mutex(state)
        self.commits = commits
        self.lockDescriptor = lock
        self.recoveryWarnings = warnings
    }

    deinit {
        commits.closeJournal()
        files.closeFile(lockDescriptor)
    }

    /// Truncates the journal at `path` to `length` bytes and makes that durable.
    private static func cut(_ path: String, toBytes length: Int, files: FileSystem) throws(StoreError) {
        let fd = try files.openFile(path, flags: O_WRONLY)
        defer { files.closeFile(fd) }
        try files.truncateFile(fd, toBytes: length, path: path)
        try files.syncFile(fd, path: path)
    }

    // MARK: Writes

    /// Stores `article`; durable before returning. An article with the same id is left as it is (no journal line).
    /// - Returns: `.created`, or `.existing` with the stored copy.
    /// - Throws: `StoreError.io` when the journal can't be written or synced; the article is then not stored.
    public func insert(_ article: Article) throws(StoreError) -> InsertOutcome {
        if let stored = state.withLock({ $0.articles[article.id] }) { return .existing(stored) }
        let stored = try commit(.put(article)) { () -> Article? in
            state.withLock { $0.articles[article.id] }
        }
        return stored.map(InsertOutcome.existing) ?? .created
    }

    /// Removes the article with `id`; durable before returning.
    /// - Returns: false when there was no such article (nothing is written).
    /// - Throws: `StoreError.io` when the journal can't be written or synced; the article then stays.
    public func remove(id: String) throws(StoreError) -> Bool {
        let absent = try commit(.remove(id: id)) { () -> Bool? in
            state.withLock { $0.articles[id] == nil } ? true : nil
        }
        return absent == nil
    }

    // MARK: Reads

    public func article(id: String) -> Article? {
        state.withLock { $0.articles[id] }
    }

    /// Newest first (by `sortDate`, then id), up to `limit` items after `cursor`, optionally only those mentioning
    /// `country`. `nextCursor` is nil on the last page.
    /// - Throws: `StoreError.badCursor` when `cursor` wasn't made by this store.
    public func page(limit: Int, cursor: String?, country: String?) throws(StoreError) -> ArticlePage {
        let after = try cursor.map { (cursor) throws(StoreError) in try PageCursor.decode(cursor) }
        return state.withLock { state in
            let order: SortedKeys
            if let country {
                guard let keys = state.byCountry[country] else { return ArticlePage(items: [], nextCursor: nil) }
                order = keys
            } else {
                order = state.order
            }
            let (keys, hasMore) = order.page(after: after, limit: limit)
            let next = hasMore ? keys.last.map(PageCursor.encode) : nil
            return ArticlePage(items: state.articles(for: keys), nextCursor: next)
        }
    }

    /// Every article that mentions `country` (alpha-2), newest first.
    public func articles(inCountry country: String) -> [Article] {
        state.withLock { state in
            state.byCountry[country].map { state.articles(for: $0.keys) } ?? []
        }
    }

    /// The brief of `country`. Without `since`, through the country's `CountryBriefIndex`: built on the first call
    /// (outside the lock, from a copy of the articles) and then kept current by every write, so a rebuild after a write
    /// only reads the sentence text of the top articles. With `since`, from the matching articles.
    public func brief(
        for country: CountryCatalog.Country, since: String?, limit: Int, builder: BriefBuilder,
        nameOf: (String) -> String?
    ) -> CountryBrief {
        let code = country.alpha2
        guard since == nil else {
            return builder.brief(for: country, articles: articles(inCountry: code), since: since, limit: limit, nameOf: nameOf)
        }
        for _ in 0..<2 {
            // Under the lock: only the small results (the top people and articles), never a copy of the index.
            let found = state.withLock { state -> (BriefTallies.Top, [(article: Article, salience: Double)], Int, String?)? in
                guard let index = state.briefIndexes[code] else { return nil }
                let ranked = index.ranking.prefix(BriefBuilder.textArticleCount(limit: limit)).compactMap { rank in
                    state.articles[rank.id].map { (article: $0, salience: rank.salience) }
                }
                return (index.tallies.top(limit: limit, nameOf: nameOf), ranked, index.ranking.count, index.latestIngest)
            }
            if let (top, ranked, count, latest) = found {
                return builder.brief(
                    for: country, top: top, ranked: ranked, articleCount: count, updatedAt: latest, limit: limit)
            }
            let (articles, generation) = state.withLock { state in
                (state.byCountry[code].map { state.articles(for: $0.keys) } ?? [], state.generation)
            }
            let index = CountryBriefIndex(country: code, articles: articles)
            state.withLock { $0.install(index, for: code, builtAt: generation) }
        }
        return builder.brief(for: country, articles: articles(inCountry: code), limit: limit, nameOf: nameOf)
    }

    /// Article count per country code (only codes with at least one article).
    public func countryCounts() -> [String: Int] {
        state.withLock { $0.byCountry.mapValues(\.count) }
    }

    /// Per country code with at least one article: the article count and the `sortDate` of the newest article (first
    /// in the listing order: published, else ingested, compared as UTC instants). Reads no other article.
    public func countrySummaries() -> [String: (count: Int, latestSortDate: String?)] {
        state.withLock { state in
            state.byCountry.mapValues { keys in
                (keys.count, keys.newest.flatMap { state.articles[$0.id]?.sortDate })
            }
        }
    }

    public var statistics: StoreStatistics {
        state.withLock { state in
            StoreStatistics(
                articleCount: state.articles.count, journalBytes: state.journalBytes,
                lastSnapshotAt: state.lastSnapshotAt, isDirty: state.generation != state.snapshotGeneration,
                generation: state.generation)
        }
    }
}

/// Calls glibc's `malloc_trim(0)` when the C library has it (looked up at run time: the Glibc module doesn't
/// export `<malloc.h>`); does nothing elsewhere.
func releaseFreeMemory() {
    #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
}
