import Dispatch
import Foundation
import Synchronization

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
        /// How the leader tells this write's writer that its outcome is known, or that it should lead next.
        var waiter: Waiter
    }

    /// One writer waiting for its fsync. Writers wait on a semaphore of their own rather than on `condition`, so a
    /// finished group commit wakes exactly its own writers (and the one that leads the next group), not every
    /// writer in the queue; a woken writer reads its outcome here without taking the queue's lock again.
    final class Waiter: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        /// Set once by the leader, before it signals `semaphore`.
        private let result = Mutex<Result<Void, StoreError>?>(nil)

        var outcome: Result<Void, StoreError>? { result.withLock { $0 } }

        /// Records the outcome and wakes the writer.
        func finish(_ outcome: Result<Void, StoreError>) {
            result.withLock { $0 = outcome }
            semaphore.signal()
        }
    }

    let condition = NSCondition()
    var journal: JournalFile
    /// Written lines in journal order.
    var pending: [PendingWrite] = []
    /// Ids with a pending write: a second write to the same id waits, so its check sees the first one's result.
    var busyIDs: Set<String> = []
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
        while queue.busyIDs.contains(record.id) || queue.isRotationRequested { queue.condition.wait() }
        if let skipped = skip() {
            queue.condition.unlock()
            return skipped
        }
        do throws(StoreError) {
            try queue.journal.append(line)
        } catch {
            queue.condition.unlock()
            throw error
        }
        queue.lastSequence += 1
        let waiter = CommitQueue.Waiter()
        queue.pending.append(CommitQueue.PendingWrite(sequence: queue.lastSequence, record: record, waiter: waiter))
        queue.busyIDs.insert(record.id)

        while true {
            if let outcome = waiter.outcome {
                queue.condition.unlock()
                try outcome.get()
                return nil
            }
            if queue.isSyncing {
                // Woken either with the outcome set (return without the lock) or to lead the next group.
                queue.condition.unlock()
                waiter.semaphore.wait()
                if let outcome = waiter.outcome {
                    try outcome.get()
                    return nil
                }
                queue.condition.lock()
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
                write.waiter.finish(.failure(failure))
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
                write.waiter.finish(.success(()))
                queue.busyIDs.remove(write.record.id)
            }
        }
        queue.isSyncing = false
        // Lines appended during this fsync: their first writer leads the next group (every pending writer is
        // waiting on its semaphore, since appending and waiting happen under one hold of the lock).
        queue.pending.first?.waiter.semaphore.signal()
        // Writers waiting for a busy id, and a snapshot waiting for the queue to drain.
        queue.condition.broadcast()
    }
}
