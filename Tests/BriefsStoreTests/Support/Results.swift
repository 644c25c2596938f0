import Foundation
import Synchronization

/// Thread-safe tallies for the concurrency tests.
final class Results: Sendable {
    private struct Tally {
        var calls: [String: Int] = [:]
        var created = 0
        var sharedCreated = 0
        var failures: [String] = []
        var notes: [String] = []
    }

    private let tally = Mutex(Tally())

    func record(created: Bool, sharedCreated: Bool) {
        tally.withLock {
            $0.created += created ? 1 : 0
            $0.sharedCreated += sharedCreated ? 1 : 0
        }
    }

    func record(failure: String) {
        tally.withLock { $0.failures.append(failure) }
    }

    func record(note: String) {
        tally.withLock { $0.notes.append(note) }
    }

    /// Counts one more `call` and returns the new count.
    func count(_ call: String) -> Int {
        tally.withLock { tally in
            tally.calls[call, default: 0] += 1
            return tally.calls[call, default: 0]
        }
    }

    var calls: [String: Int] { tally.withLock { $0.calls } }
    var notes: [String] { tally.withLock { $0.notes } }
    var createdCount: Int { tally.withLock { $0.created } }
    var sharedCreatedCount: Int { tally.withLock { $0.sharedCreated } }
    var failures: [String] { tally.withLock { $0.failures } }
}
