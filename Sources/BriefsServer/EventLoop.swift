import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An edge-triggered epoll loop on a thread of its own, delivering socket readiness to connections.
///
/// Why not `DispatchSource`: on Linux every read or write source event is re-armed by Dispatch's manager thread,
/// so each request cost an `eventfd` write, a wake-up of that thread and an `epoll_ctl` (the profile of
/// `GET /healthz` at 64 connections was mostly futex and scheduler time). Here each connection is registered once,
/// edge-triggered for input and output, and the loop thread runs the connection's handler itself with
/// `queue.sync`, which executes on the calling thread when the queue is idle: no hand-off per event, and the
/// connection's confinement to its queue still holds.
///
/// Handlers run on the loop thread, so one that blocks (on disk, a lock, a slow computation) would stall every
/// connection of its loop. Events taken by `epoll_wait` go to a per-loop list that every thread of the loop
/// takes from one at a time, and a watchdog thread looks at each loop every `watchdogPeriod`: when no event has
/// completed for two looks while events wait in the list or no thread waits in `epoll_wait`, it starts one more
/// thread on the same epoll descriptor (epoll hands each edge to one waiter), which takes the waiting events
/// first. Extra threads leave after `extraThreadIdleMilliseconds` without events. A connection whose queue is already held by a loop thread gets further events with `queue.async`, so
/// a second thread never waits behind the first.
///
/// The project's package has no C module for `<sys/epoll.h>` (the Glibc module map leaves it out), so the three
/// calls are looked up with `dlsym` once; where that fails (or on other systems) `shared` is empty and connections
/// fall back to Dispatch sources.
final class EventLoop: @unchecked Sendable {
    // Invariant behind `@unchecked Sendable`: `descriptor` and `calls` are set in `init` and never change;
    // `connections` is only touched through its `Mutex`, the counters are atomics, and `run()` keeps its buffer
    // local to its thread.
    let descriptor: Int32
    private let calls: EpollCalls
    private let connections = Mutex<[UInt64: Connection]>([:])
    /// Events taken from epoll and not handled yet, shared by the loop's threads.
    private let pending = Mutex(PendingEvents())
    /// Threads of this loop now waiting in `epoll_wait`.
    private let waitingThreads = Atomic<Int>(0)
    /// All threads of this loop (the first and any extra ones).
    private let threadCount = Atomic<Int>(0)
    /// Events handled so far (wrapping); the watchdog compares it between looks.
    private let progress = Atomic<UInt64>(0)

    /// How often the watchdog looks at the loops.
    static let watchdogPeriod = Duration.milliseconds(10)
    /// Most threads one loop may have.
    static let maxThreadsPerLoop = 64
    /// An extra thread that has waited this long without an event ends, in milliseconds.
    static let extraThreadIdleMilliseconds: Int32 = 1000

    /// Readiness bits (Linux ABI, `<sys/epoll.h>`).
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let readHangUp: UInt32 = 0x2000
    static let edgeTriggered: UInt32 = 1 << 31

    /// Events taken per `epoll_wait`.
    static let batchSize = 128

    /// One loop per online CPU, started on first use and kept for the life of the process (servers in tests
    /// share them). Empty when epoll is not available.
    static let shared: [EventLoop] = {
        guard let calls = EpollCalls.load() else { return [] }
        let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let loops = (0..<count).compactMap { _ in EventLoop(calls: calls) }
        guard loops.count == count, loops.allSatisfy({ $0.startThread(extra: false) }) else { return [] }
        _ = startThread { watch(loops) }
        return loops
    }()

    private init?(calls: EpollCalls) {
        self.calls = calls
        let descriptor = calls.create(EpollCalls.closeOnExec)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    /// Starts a thread running `run(extra:)`.
    private func startThread(extra: Bool) -> Bool {
        threadCount.add(1, ordering: .relaxed)
        let started = Self.startThread { [self] in run(extra: extra) }
        if !started { threadCount.subtract(1, ordering: .relaxed) }
        return started
    }

    /// Runs `body` on a new detached thread.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let status = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The watchdog: adds a thread to a loop whose threads are all busy and that made no progress for two looks.
    private static func watch(_ loops: [EventLoop]) {
        var lastProgress = loops.map { $0.progress.load(ordering: .relaxed) }
        var stuckLooks = [Int](repeating: 0, count: loops.count)
        let period = watchdogPeriod.components
        var pause = timespec(tv_sec: Int(period.seconds), tv_nsec: Int(period.attoseconds / 1_000_000_000))
        while true {
            _ = nanosleep(&pause, nil)
            for (index, loop) in loops.enumerated() {
                let progress = loop.progress.load(ordering: .relaxed)
                let hasWaitingEvents = loop.withPending { !$0.isEmpty }
                if progress == lastProgress[index]
                    && (hasWaitingEvents || loop.waitingThreads.load(ordering: .relaxed) == 0)
                {
                    stuckLooks[index] += 1
                } else {
                    stuckLooks[index] = 0
                }
                lastProgress[index] = progress
                if stuckLooks[index] >= 2 && loop.threadCount.load(ordering: .relaxed) < maxThreadsPerLoop {
                    stuckLooks[index] = 0
                    _ = loop.startThread(extra: true)
                }
            }
        }
    }

    /// Marks for `SanitizerSync`, one per lock: `Mutex` locks with futex calls ThreadSanitizer cannot see.
    private let connectionsMark = SanitizerMark()
    private let pendingMark = SanitizerMark()

    /// `connections.withLock`, with the lock's ordering made visible to ThreadSanitizer.
    private func withConnections<Result>(_ body: (inout [UInt64: Connection]) -> Result) -> Result {
        connections.withLock { connections in
            SanitizerSync.acquire(connectionsMark)
            defer { SanitizerSync.release(connectionsMark) }
            return body(&connections)
        }
    }

    /// `pending.withLock`, with the lock's ordering made visible to ThreadSanitizer.
    private func withPending<Result>(_ body: (inout PendingEvents) -> Result) -> Result {
        pending.withLock { pending in
            SanitizerSync.acquire(pendingMark)
            defer { SanitizerSync.release(pendingMark) }
            return body(&pending)
        }
    }

    /// Registration tokens, unique in the process: connection ids are only unique within one server, and the
    /// loops are shared by every server in the process.
    private static let tokens = Atomic<UInt64>(0)

    /// Watches `socket` for `connection` (edge-triggered input, output and hang-up) until `deregister`.
    /// - Returns: the registration token, or nil when `epoll_ctl` failed (the caller then uses Dispatch sources).
    func register(_ connection: Connection, socket: Socket) -> UInt64? {
        let id = Self.tokens.add(1, ordering: .relaxed).newValue
        withConnections { $0[id] = connection }
        let event = EpollCalls.Event(
            events: Self.input | Self.output | Self.readHangUp | Self.edgeTriggered, data: id)
        let status = event.withBytes { calls.control(descriptor, EpollCalls.add, socket.descriptor, $0) }
        if status != 0 {
            withConnections { _ = $0.removeValue(forKey: id) }
            return nil
        }
        return id
    }

    /// Stops watching; call before closing the descriptor. Events already taken for `token` find no connection.
    func deregister(token id: UInt64, socket: Socket) {
        let event = EpollCalls.Event(events: 0, data: id)
        _ = event.withBytes { calls.control(descriptor, EpollCalls.delete, socket.descriptor, $0) }
        withConnections { _ = $0.removeValue(forKey: id) }
    }

    private func run(extra: Bool) {
        let stride = EpollCalls.Event.size
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: stride * Self.batchSize, alignment: 8)
        defer {
            buffer.deallocate()
            threadCount.subtract(1, ordering: .relaxed)
        }
        // Extra threads take one event at a time, so that they do not hold events while blocked in a handler.
        let batch = extra ? 1 : Int32(Self.batchSize)
        let timeout = extra ? Self.extraThreadIdleMilliseconds : -1
        while true {
            if let (connection, events) = withPending({ $0.next() }) {
                handle(connection, events)
                continue
            }
            waitingThreads.add(1, ordering: .relaxed)
            let count = calls.wait(descriptor, buffer, batch, timeout)
            waitingThreads.subtract(1, ordering: .relaxed)
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            if count == 0 { return }  // an extra thread that was not needed
            withConnections { connections in
                withPending { pending in
                    for index in 0..<Int(count) {
                        let event = EpollCalls.Event(at: buffer + index * stride)
                        if let connection = connections[event.data] { pending.append(connection, event.events) }
                    }
                }
            }
        }
    }

    /// Runs the connection's `ready(_:)` on its queue: here when no other loop thread holds it, else later.
    private func handle(_ connection: Connection, _ events: UInt32) {
        if connection.isHeldByLoop.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            connection.queue.sync { connection.ready(events) }
            connection.isHeldByLoop.store(false, ordering: .releasing)
        } else {
            connection.queue.async { connection.ready(events) }
        }
        progress.add(1, ordering: .relaxed)
    }
}

/// A first-in first-out list of events waiting for a loop thread.
struct PendingEvents {
    private var items: [(Connection, UInt32)] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(_ connection: Connection, _ events: UInt32) {
        items.append((connection, events))
    }

    mutating func next() -> (Connection, UInt32)? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return item
    }
}

/// `epoll_create1`, `epoll_ctl` and `epoll_wait`, found with `dlsym`, and the layout of `struct epoll_event`.
struct EpollCalls: Sendable {
    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

    let create: Create
    let control: Control
    let wait: Wait

    static let add: Int32 = 1
    static let delete: Int32 = 2
    static let closeOnExec: Int32 = 0o2_000_000

    static func load() -> EpollCalls? {
        #if os(Linux)
            guard let handle = dlopen(nil, RTLD_NOW),
                let create = dlsym(handle, "epoll_create1"), let control = dlsym(handle, "epoll_ctl"),
                let wait = dlsym(handle, "epoll_wait")
            else { return nil }
            return EpollCalls(
                create: unsafeBitCast(create, to: Create.self), control: unsafeBitCast(control, to: Control.self),
                wait: unsafeBitCast(wait, to: Wait.self))
        #else
            return nil
        #endif
    }

    /// `struct epoll_event`: a 32-bit event mask and 64 bits of user data (here a connection id). It is packed on
    /// x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes, data at offset 8).
    struct Event {
        var events: UInt32
        var data: UInt64

        #if arch(x86_64)
            static let size = 12
            static let dataOffset = 4
        #else
            static let size = 16
            static let dataOffset = 8
        #endif

        init(events: UInt32, data: UInt64) {
            self.events = events
            self.data = data
        }

        init(at pointer: UnsafeRawPointer) {
            events = pointer.loadUnaligned(as: UInt32.self)
            data = pointer.loadUnaligned(fromByteOffset: Self.dataOffset, as: UInt64.self)
        }

        /// Calls `body` with the C layout of this event.
        func withBytes<Result>(_ body: (UnsafeMutableRawPointer) -> Result) -> Result {
            withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
                guard let base = raw.baseAddress else { preconditionFailure("allocation without an address") }
                base.initializeMemory(as: UInt8.self, repeating: 0, count: 16)
                base.storeBytes(of: events, as: UInt32.self)
                base.storeBytes(of: data, toByteOffset: Self.dataOffset, as: UInt64.self)
                return body(base)
            }
        }
    }
}

/// An object whose address stands for one lock in `SanitizerSync` calls.
final class SanitizerMark: Sendable {}
