import BriefsDomain
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ArticleStore {
    /// Writes `snapshot.json` now and deletes the journals it covers.
    ///
    /// Steps: under the writer lock, wait for pending writes, copy the articles and rotate `journal.jsonl` to
    /// `journal.<n>.jsonl`; outside it (reads and writes go on), encode and stream `snapshot.json.tmp` batch by batch, fsync, rename over
    /// `snapshot.json`, fsync the directory; then delete the rotated journals. If any step fails, the previous snapshot
    /// and the rotated journal stay, so a restart still replays everything; the next snapshot covers them.
    /// - Throws: `StoreError.io` naming the failed call.
    public func writeSnapshot() throws(StoreError) -> SnapshotReport {
        snapshotLock.lock()
        defer { snapshotLock.unlock() }
        let clock = ContinuousClock()
        let start = clock.now

        var (articles, generation, rotation) = try copyStateAndRotateJournal()
        let savedAt = Date()
        articles.sort { $0.id < $1.id }
        let bytes = try writeDurably(articles, savedAt: savedAt, to: paths.snapshot, through: paths.snapshotTemp)
        state.withLock { state in
            state.snapshotGeneration = generation
            state.lastSnapshotAt = savedAt
        }
        // The snapshot is durable, so the rotated journals are redundant; one left behind by a failed delete is
        // replayed harmlessly (replay is idempotent) and deleted by the next snapshot.
        if let names = try? files.entries(of: paths.directory) {
            for journal in paths.rotatedJournals(among: names) where journal.number <= rotation {
                try? files.removeFile(journal.path)
            }
        }

        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return SnapshotReport(
            path: paths.snapshot, articleCount: articles.count, bytes: bytes, durationSeconds: seconds)
    }

    /// Writes a snapshot only when something changed since the last one (for a periodic timer).
    /// - Returns: The report, or nil when the store was clean.
    /// - Throws: `StoreError.io` naming the failed call.
    public func writeSnapshotIfDirty() throws(StoreError) -> SnapshotReport? {
        guard statistics.isDirty else { return nil }
        return try writeSnapshot()
    }

    /// Under the writer lock: waits for pending writes, copies the articles and rotates the journal.
    /// - Returns: The articles, the generation they are at, and the `n` of the rotated journal.
    private func copyStateAndRotateJournal() throws(StoreError) -> ([Article], UInt64, Int) {
        let queue = commits
        queue.condition.lock()
        defer { queue.condition.unlock() }
        queue.isRotationRequested = true
        defer {
            queue.isRotationRequested = false
            queue.condition.broadcast()
        }
        while queue.isSyncing || !queue.pending.isEmpty { queue.condition.wait() }

        let (articles, generation) = state.withLock { (Array($0.articles.values), $0.generation) }
        let rotation = queue.nextRotation
        let rotatedPath = paths.rotatedJournal(rotation)
        try queue.journal.repairIfNeeded()
        try files.renameFile(paths.journal, to: rotatedPath)
        queue.nextRotation += 1
        do throws(StoreError) {
            try queue.journal.reopen()
        } catch {
            // No new journal (e.g. a read-only volume): move the old one back so writes keep appending to it.
            if (try? files.renameFile(rotatedPath, to: paths.journal)) != nil { try? queue.journal.reopen() }
            throw error
        }
        state.withLock { $0.journalBytes = 0 }
        // The rename and the new file must be durable before writes to the new journal are acknowledged.
        try files.syncDirectory(paths.directory)
        return (articles, generation, rotation)
    }

    /// Replaces `path` with a snapshot of `articles` atomically and durably: temp file, fsync, rename, fsync the
    /// directory. The file is streamed: articles are encoded a batch at a time (on every core) and each batch is
    /// written before the next is encoded, so no buffer holds the whole file.
    /// - Returns: The file's size in bytes.
    private func writeDurably(_ articles: [Article], savedAt: Date, to path: String, through temporaryPath: String)
        throws(StoreError) -> Int
    {
        let fd = try files.openFile(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var bytes = 0
        do throws(StoreError) {
            defer { files.closeFile(fd) }
            let header = Snapshot.header(savedAt: savedAt)
            try files.writeAll(fd, Data(header), path: temporaryPath)
            bytes += header.count
            let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let batch = 256 * threads
            var start = 0
            while start < articles.count {
                let end = min(articles.count, start + batch)
                let buffers = try Snapshot.encodeLines(
                    articles[start..<end], isLastBatch: end == articles.count, threads: threads, path: path)
                for buffer in buffers {
                    try files.writeAll(fd, Data(buffer), path: temporaryPath)
                    bytes += buffer.count
                }
                start = end
            }
            try files.writeAll(fd, Data(Snapshot.trailer), path: temporaryPath)
            bytes += Snapshot.trailer.count
            try files.syncFile(fd, path: temporaryPath)
        } catch {
            try? files.removeFile(temporaryPath)
            throw error
        }
        do throws(StoreError) {
            try files.renameFile(temporaryPath, to: path)
        } catch {
            try? files.removeFile(temporaryPath)
            throw error
        }
        try files.syncDirectory(paths.directory)
        return bytes
    }
}
