import BriefsHTTP
import Dispatch
import Synchronization

/// Encoded response bodies with their ETags and ready-made header fields, so a GET of an unchanged brief or article
/// answers without encoding JSON, hashing or building strings.
///
/// - Every entry belongs to one *tag*: what its bytes depend on (`country:GB` for a brief, `article:<id>` for an
///   article's representations, `countries` for the country list). A write invalidates only the tags it touches
///   (the countries of the written or deleted article, its id, and the list), not the whole cache.
/// - Memory is bounded by a byte budget (bodies plus a per-entry overhead estimate), split over shards; each shard
///   evicts its least recently used entries when over its share. An entry larger than a shard's share is not kept.
/// - Shards are chosen by tag, each with its own lock, so readers of different briefs seldom meet on one lock and
///   an invalidation takes one lock.
///
/// Race with writers: a reader takes a `token(for:)` *before* reading the store and passes it to `store`. A write
/// changes the store first and invalidates its tags afterwards, so if it invalidated the tag after the token was
/// taken, what the reader built may predate the write and is dropped instead of cached. Each shard remembers its
/// last `rememberedInvalidations` invalidations; a token older than those is treated as stale (never caches stale
/// bytes, at worst skips caching one response).
///
/// Single flight: `entry(_:orBuild:)` lets concurrent requests for the same missing entry share one build. The
/// first becomes the build's leader; a later request waits for that build only if no invalidation of the tag has
/// happened since the build took its token. A write acknowledged before the request arrived invalidated the tag
/// before it, so a build the request may join started after that write was in the store, and no request is
/// answered with bytes older than a write acknowledged before it. Otherwise the request leads a new build, which
/// replaces the old one for later arrivals. The shard lock is held only to look up and register builds, never
/// during one.
final class ResponseCache: Sendable {
    /// A cached response: the body and the header fields a 200 answer carries.
    struct Entry: Sendable {
        var body: [UInt8]
        var etag: String
        var contentType: String
        /// `Content-Type`, `ETag`, `Cache-Control: no-cache`, built once.
        var headers: HTTPHeaders

        init(body: [UInt8], etag: String, contentType: String) {
            self.body = body
            self.etag = etag
            self.contentType = contentType
            headers = HTTPHeaders([("Content-Type", contentType), ("ETag", etag), ("Cache-Control", "no-cache")])
        }

        /// Bytes charged against the budget: the body plus an estimate of the strings, header array and LRU node.
        var cost: Int { body.count + etag.utf8.count + contentType.utf8.count + 256 }
    }

    /// Which response: the tag it depends on and what distinguishes it among the tag's responses.
    struct Key: Hashable, Sendable {
        var tag: String
        var variant: String
    }

    /// The shard's invalidation count when a reader started; see the type's comment.
    struct Token: Sendable {
        fileprivate var shard: Int
        fileprivate var epoch: UInt64
    }

    /// Invalidations each shard remembers to judge tokens.
    static let rememberedInvalidations = 256

    private let shards: [Shard]
    /// The byte budget of each shard.
    let shardBudget: Int

    /// - Parameters:
    ///   - byteBudget: bytes of cached responses kept at most (default 64 MiB), over all shards.
    ///   - shardCount: locks the cache is split over (default 16).
    init(byteBudget: Int = 64 << 20, shardCount: Int = 16) {
        let count = max(1, shardCount)
        shards = (0..<count).map { _ in Shard() }
        shardBudget = max(0, byteBudget / count)
    }

    private func shardIndex(_ tag: String) -> Int {
        var hasher = Hasher()
        hasher.combine(tag)
        let hash = hasher.finalize()
        return Int(UInt(bitPattern: hash) % UInt(shards.count))
    }

    /// The cached entry for `key`, marked as recently used; nil on a miss.
    func entry(_ key: Key) -> Entry? {
        shards[shardIndex(key.tag)].state.withLock { $0.lookup(key) }
    }

    /// Take before reading the store for a response of `tag` (see the type's comment).
    func token(for tag: String) -> Token {
        let index = shardIndex(tag)
        return Token(shard: index, epoch: shards[index].state.withLock { $0.epoch })
    }

    /// Keeps `entry` for `key` unless `tag` was invalidated since `token` was taken or the entry is larger than a
    /// shard's budget. Evicts least recently used entries of the shard to stay within budget.
    func store(_ entry: Entry, for key: Key, token: Token) {
        let index = shardIndex(key.tag)
        guard index == token.shard, entry.cost <= shardBudget else { return }
        let budget = shardBudget
        shards[index].state.withLock { $0.insert(entry, for: key, token: token.epoch, budget: budget) }
    }

    /// The entry for `key`: the cached one, else the result of a build of it already running that may serve this
    /// request (see the type's comment), else what `build` makes, which is cached unless the tag was invalidated
    /// meanwhile and handed to the requests that waited for it. Waiting blocks the calling thread until the build
    /// ends; a build that throws hands nothing over, and each waiter then builds for itself.
    /// - Throws: what `build` throws (the leader's error only to the leader).
    func entry<Failure: Error>(_ key: Key, orBuild build: () throws(Failure) -> Entry) throws(Failure) -> Entry {
        let index = shardIndex(key.tag)
        let shard = shards[index]
        let step = shard.state.withLock { state -> FlightStep in
            if let entry = state.lookup(key) { return .cached(entry) }
            if let flight = state.flights[key], state.isFresh(key.tag, since: flight.epoch) {
                flight.addWaiter()
                return .wait(flight)
            }
            let flight = Flight(epoch: state.epoch)
            state.flights[key] = flight
            return .lead(flight)
        }
        switch step {
        case .cached(let entry):
            return entry
        case .wait(let flight):
            if let entry = flight.result() { return entry }
            return try build()
        case .lead(let flight):
            let entry: Entry
            do {
                entry = try build()
            } catch {
                shard.state.withLock { state in state.endFlight(flight, for: key) }
                flight.finish(nil)
                throw error
            }
            let budget = shardBudget
            shard.state.withLock { state in
                if entry.cost <= budget { state.insert(entry, for: key, token: flight.epoch, budget: budget) }
                state.endFlight(flight, for: key)
            }
            flight.finish(entry)
            return entry
        }
    }

    /// What `entry(_:orBuild:)` does after looking in the shard.
    private enum FlightStep {
        case cached(Entry)
        case wait(Flight)
        case lead(Flight)
    }

    /// Requests waiting for the running build of `key` (tests watch it to know every request has arrived).
    func waitingCount(_ key: Key) -> Int {
        shards[shardIndex(key.tag)].state.withLock { $0.flights[key]?.waiterCount ?? 0 }
    }

    /// Drops every entry of each tag in `tags`; call after the store has changed.
    func invalidate(_ tags: some Sequence<String>) {
        for tag in tags {
            shards[shardIndex(tag)].state.withLock { $0.invalidate(tag) }
        }
    }

    /// Entries and charged bytes over all shards (tests, metrics).
    var usage: (entries: Int, bytes: Int) {
        var entries = 0
        var bytes = 0
        for shard in shards {
            shard.state.withLock {
                entries += $0.index.count
                bytes += $0.bytes
            }
        }
        return (entries, bytes)
    }

    /// One lock's worth of the cache.
    private final class Shard: Sendable {
        let state = Mutex(ShardState())
    }
}

/// One running build of a cache entry, which requests for the same key wait for (see `ResponseCache`).
///
/// `@unchecked Sendable`: `epoch` is immutable, `state` is behind its mutex, and `done` is a `DispatchGroup`
/// (thread-safe) entered once at creation and left once by `finish`.
final class Flight: @unchecked Sendable {
    /// The shard's invalidation count when the build took it (its token).
    let epoch: UInt64
    private let done = DispatchGroup()
    private let state = Mutex<(entry: ResponseCache.Entry?, waiters: Int)>((nil, 0))

    init(epoch: UInt64) {
        self.epoch = epoch
        done.enter()
    }

    /// Called under the shard lock by each request that will wait.
    func addWaiter() {
        state.withLock { $0.waiters += 1 }
    }

    var waiterCount: Int { state.withLock { $0.waiters } }

    /// Ends the build with its entry (nil: it failed) and wakes the waiters. Called once, by the leader.
    func finish(_ entry: ResponseCache.Entry?) {
        state.withLock { $0.entry = entry }
        done.leave()
    }

    /// Blocks until the build ends; its entry, or nil when it failed.
    func result() -> ResponseCache.Entry? {
        done.wait()
        return state.withLock { $0.entry }
    }
}

/// A shard's entries in least-recently-used order: a doubly linked list threaded through `nodes` (indices, with a
/// free list), a key → node index, and a tag → keys index for invalidation.
private struct ShardState {
    struct Node {
        var key: ResponseCache.Key
        var entry: ResponseCache.Entry?
        var previous: Int
        var next: Int
    }

    var nodes: [Node] = []
    var free: [Int] = []
    var index: [ResponseCache.Key: Int] = [:]
    var keysByTag: [String: [ResponseCache.Key]] = [:]
    /// Most recently used node, or -1.
    var head = -1
    /// Least recently used node, or -1.
    var tail = -1
    var bytes = 0
    /// Invalidations so far.
    var epoch: UInt64 = 0
    /// The tags of the last invalidations, oldest first (at most `ResponseCache.rememberedInvalidations`).
    var recent: [String] = []
    var recentStart = 0
    /// Builds running now, by key (see `ResponseCache.entry(_:orBuild:)`).
    var flights: [ResponseCache.Key: Flight] = [:]

    /// Forgets `flight` unless a newer build of `key` has replaced it.
    mutating func endFlight(_ flight: Flight, for key: ResponseCache.Key) {
        if flights[key] === flight { flights[key] = nil }
    }

    mutating func lookup(_ key: ResponseCache.Key) -> ResponseCache.Entry? {
        guard let node = index[key] else { return nil }
        moveToFront(node)
        return nodes[node].entry
    }

    mutating func insert(_ entry: ResponseCache.Entry, for key: ResponseCache.Key, token: UInt64, budget: Int) {
        guard isFresh(key.tag, since: token) else { return }
        if let existing = index[key] { remove(existing) }
        while bytes + entry.cost > budget, tail >= 0 { remove(tail) }
        let node: Int
        if let reused = free.popLast() {
            node = reused
            nodes[node] = Node(key: key, entry: entry, previous: -1, next: -1)
        } else {
            node = nodes.count
            nodes.append(Node(key: key, entry: entry, previous: -1, next: -1))
        }
        link(node)
        index[key] = node
        keysByTag[key.tag, default: []].append(key)
        bytes += entry.cost
    }

    mutating func invalidate(_ tag: String) {
        epoch &+= 1
        if recent.count < ResponseCache.rememberedInvalidations {
            recent.append(tag)
        } else {
            recent[recentStart] = tag
            recentStart = (recentStart + 1) % recent.count
        }
        guard let keys = keysByTag[tag] else { return }
        for key in keys {
            if let node = index[key] { remove(node) }
        }
        keysByTag[tag] = nil
    }

    /// Whether no invalidation of `tag` happened after the epoch `token` (unknown when too long ago: not fresh).
    func isFresh(_ tag: String, since token: UInt64) -> Bool {
        let since = epoch &- token
        if since == 0 { return true }
        guard since <= UInt64(recent.count) else { return false }
        // The last `since` invalidations, in the ring that starts at `recentStart`.
        for back in 1...Int(since) {
            let position = (recentStart + recent.count - back) % recent.count
            if recent[position] == tag { return false }
        }
        return true
    }

    private mutating func remove(_ node: Int) {
        unlink(node)
        let key = nodes[node].key
        bytes -= nodes[node].entry?.cost ?? 0
        nodes[node].entry = nil
        index[key] = nil
        if var keys = keysByTag[key.tag] {
            keys.removeAll { $0 == key }
            keysByTag[key.tag] = keys.isEmpty ? nil : keys
        }
        free.append(node)
    }

    private mutating func moveToFront(_ node: Int) {
        guard head != node else { return }
        unlink(node)
        link(node)
    }

    /// Puts an unlinked node at the front.
    private mutating func link(_ node: Int) {
        nodes[node].previous = -1
        nodes[node].next = head
        if head >= 0 { nodes[head].previous = node }
        head = node
        if tail < 0 { tail = node }
    }

    private mutating func unlink(_ node: Int) {
        let previous = nodes[node].previous
        let next = nodes[node].next
        if previous >= 0 { nodes[previous].next = next } else { head = next }
        if next >= 0 { nodes[next].previous = previous } else { tail = previous }
        nodes[node].previous = -1
        nodes[node].next = -1
    }
}
