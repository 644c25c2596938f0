import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer side of the store: the open journal and the writes waiting for an fsync (group commit).
///
/// `@unchecked Sendable` because every `var` is read and written only while `condition` is locked. The one
/// exception is deliberate: the commit leader copies `journal.descriptor` under the lock and calls `fsync` on the copy
/// after unlocking; the descriptor stays open because rotation (the only code that closes it) waits until no sync
/// is running and nothing is pending.
final class CommitQueue: @unchecked Sendable {
    /// A journal line written but not yet covered by an fsync, nor applied in memory.
    struct PendingWrite {
        var sequence: UInt64
        var record: JournalRecord
    }

    let condition = NSCondition()
    var journal: JournalFile
    /// Written lines in journal order.
    var pending: [PendingWrite] = []
    /// Ids with a pending write: a second write to the same id waits, so its check sees the first one's result.
    var busyIDs: Set<String> = []
    /// Results for finished sequences, collected by their writers.
    var outcomes: [UInt64: Result<Void, StoreError>] = [:]
    var lastSequence: UInt64 = 0
    /// Whether a leader is running an fsync right now.
    var isSyncing = false
    /// Set by a snapshot waiting to rotate: new writes wait so the pending ones drain.
    var isRotationRequested = false
    /// The `n` of the next `journal.<n>.jsonl`.
    var nextRotation: Int

    init(journal: JournalFile, nextRotation: Int) {
        self.journal = journal
        self.nextRotation = nextRotation
    }

    func closeJournal() {
        condition.lock()
        journal.close()
        condition.unlock()
    }
}

extension ArticleStore {
    /// Writes `record` durably and applies it, unless `skip` (checked under the writer lock, after any pending write
    /// to the same id has finished) returns a value.
    ///
    /// Group commit: the writer appends its line, then either waits for a running fsync or becomes the leader that
    /// fsyncs every line appended so far and applies them in journal order. The call returns only when an fsync
    /// covering its line has succeeded and the change is visible, or throws when it failed.
    /// - Returns: nil when the record was written, else what `skip` returned (nothing was written).
    /// - Throws: `StoreError.io` when encoding, writing or syncing fails. The change is then not applied and its line
    ///   is cut from the journal again.
    func commit<Skipped>(_ record: JournalRecord, skip: () -> Skipped?) throws(StoreError) -> Skipped? {
        let line = try record.line(path: paths.journal)
        let queue = commits
        queue.condition.lock()
        defer { queue.condition.unlock() }
        while queue.busyIDs.contains(record.id) || queue.isRotationRequested { queue.condition.wait() }
        if let skipped = skip() { return skipped }

        try queue.journal.append(line)
        queue.lastSequence += 1
        let sequence = queue.lastSequence
        queue.pending.append(CommitQueue.PendingWrite(sequence: sequence, record: record))
        queue.busyIDs.insert(record.id)

        while true {
            if let outcome = queue.outcomes.removeValue(forKey: sequence) {
                try outcome.get()
                return nil
            }
            if queue.isSyncing {
                queue.condition.wait()
            } else {
                syncPending(queue)
            }
        }
    }

    /// Leads one group commit: fsyncs every line written so far, then applies them or fails them all.
    /// Called and returns with `queue.condition` locked; unlocks it during the fsync so more writers can append.
    private func syncPending(_ queue: CommitQueue) {
        queue.isSyncing = true
        let batch = queue.pending
        let target = queue.journal.writtenBytes
        let descriptor = queue.journal.descriptor
        let needsDirectorySync = !queue.journal.isDirectoryEntryDurable
        queue.condition.unlock()
        var failure: StoreError?
        do throws(StoreError) {
            guard let descriptor else { throw StoreError.io(call: "fsync", path: paths.journal, errno: EBADF) }
            try files.syncFile(descriptor, path: paths.journal)
            // A journal created or renamed since the last directory fsync (e.g. by a rotation whose directory fsync
            // failed) is durable only once its name is.
            if needsDirectorySync { try files.syncDirectory(paths.directory) }
        } catch {
            failure = error
        }
        queue.condition.lock()
        if failure == nil && needsDirectorySync && queue.journal.descriptor == descriptor {
            queue.journal.isDirectoryEntryDurable = true
        }

        if let failure {
            // After a failed fsync the kernel may have dropped the unsynced pages, so no line past the last good
            // fsync can be trusted, including those appended meanwhile: fail them all and cut the file back.
            queue.journal.rollBack(to: queue.journal.durableBytes)
            for write in queue.pending {
                queue.outcomes[write.sequence] = .failure(failure)
                queue.busyIDs.remove(write.record.id)
            }
            queue.pending.removeAll()
        } else {
            queue.journal.durableBytes = target
            state.withLock { state in
                for write in batch { state.apply(write.record) }
                state.generation += UInt64(batch.count)
                state.journalBytes = target
            }
            queue.pending.removeFirst(batch.count)
            for write in batch {
                queue.outcomes[write.sequence] = .success(())
                queue.busyIDs.remove(write.record.id)
            }
        }
        queue.isSyncing = false
        queue.condition.broadcast()
    }
}
