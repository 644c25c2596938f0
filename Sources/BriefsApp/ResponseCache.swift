import BriefsHTTP
import Synchronization

/// Encoded response bodies with their ETags, valid for one store generation: any write empties the cache.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var body: [UInt8]
        var etag: String
        var contentType: String
    }

    struct State {
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
    }

    /// Entries kept at most; past it the cache is emptied (simple and bounded).
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func entry(_ key: String, generation: UInt64) -> Entry? {
        state.withLock { state in
            guard state.generation == generation else { return nil }
            return state.entries[key]
        }
    }

    func store(_ entry: Entry, for key: String, generation: UInt64) {
        state.withLock { state in
            if state.generation != generation {
                guard generation > state.generation else { return }
                state.generation = generation
                state.entries.removeAll(keepingCapacity: true)
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = entry
        }
    }
}
