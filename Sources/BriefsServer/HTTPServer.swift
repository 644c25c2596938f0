import BriefsHTTP
import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a handler knows about the request besides the request itself.
public struct RequestContext: Sendable {
    /// The peer address as `host:port`.
    public var remoteAddress: String
    /// A per-request id for logs (`request.id`): the connection number and the request's number on it (`12-3`).
    public var requestID: String

    public init(remoteAddress: String, requestID: String) {
        self.remoteAddress = remoteAddress
        self.requestID = requestID
    }
}

/// Handlers run synchronously on the connection's queue. A response to `HEAD` may carry the `GET` body; it is not sent.
public typealias RequestHandler = @Sendable (Request, RequestContext) -> Response

/// Told of every response the server itself sends without a handler (431, 413, 400, 501, 505, 503, 408), for metrics.
/// Called on a connection's queue; keep it quick.
public typealias ServerErrorObserver = @Sendable (_ status: Int) -> Void

/// An HTTP/1.1 server on POSIX sockets and Dispatch.
///
/// One `Listener` accepts connections; each `Connection` lives on its own serial queue, parses with
/// `RequestParser`, calls `handler` for each request in order, and sends what `ResponseSerializer` makes of the
/// response (with `Date`, `Content-Length` and, when closing, `Connection: close`) in one vectored write.
/// Readiness comes from edge-triggered epoll loops, one per core (`EventLoop`), which run `GET`, `HEAD` and
/// `OPTIONS` handlers on the loop thread, so those handlers must be quick (a watchdog adds a thread to a loop
/// that stays blocked); other methods' handlers, which may wait on disk, run on a queue of the connection's own. Errors the server answers itself
/// are `application/problem+json` bodies followed by closing the connection: malformed requests (400, 413, 431, 501,
/// 505 from `HTTPParseError.statusHint`), a head not complete within `limits.headerTimeout` (408), and a connection
/// over `limits.maxConnections` (503). Idle keep-alive connections are closed silently after `limits.idleTimeout`.
///
/// With `limits.tls` set every connection speaks HTTPS: the handshake runs on the loop like any other I/O (never
/// blocking it), must finish within `limits.headerTimeout`, and a connection over `maxConnections` is closed
/// before it (see `TLSContext` for the protocol policy).
///
/// Shared state (the connection registry) is in a `Mutex`; everything else is immutable, so the class is `Sendable`.
public final class HTTPServer: Sendable {
    public let host: String
    public let port: Int
    public let limits: ServerLimits
    let logger: Logger
    let handler: RequestHandler
    let observer: ServerErrorObserver?
    /// Whether a request's handler may block, and so runs off the event loop (see `init`).
    let mayBlock: @Sendable (Request) -> Bool

    /// The default of `mayBlock`: requests whose handler may block on disk (writes journal entries), that is every
    /// method but the safe ones (`GET`, `HEAD`, `OPTIONS`). Applications that widen the rule start from this one.
    @Sendable public static func defaultMayBlock(_ request: Request) -> Bool {
        switch request.method {
        case "GET", "HEAD", "OPTIONS": return false
        default: return true
        }
    }
    let serializer = ResponseSerializer()
    let dates = DateCache()
    /// The event loops: serial queues, one per core, that connection queues target (see `Connection.init`).
    let loops: [DispatchQueue]
    /// Whether connections take readiness from the epoll loops (`EventLoop.shared`) when there are any.
    let usesEventLoops: Bool

    private struct Entry {
        var connection: Connection
        /// False for a connection accepted over the limit only to be told 503; it does not take a slot.
        var takesSlot: Bool
    }

    private struct State {
        var hasStarted = false
        var isShuttingDown = false
        var listener: Listener?
        var connections: [UInt64: Entry] = [:]
        var slotsTaken = 0
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// `state.withLock`, with the lock's ordering made visible to ThreadSanitizer (see `SanitizerSync`).
    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLock { state in
            SanitizerSync.acquire(self)
            defer { SanitizerSync.release(self) }
            return body(&state)
        }
    }
    /// Signalled whenever a connection closes during shutdown.
    private let connectionClosedDuringShutdown = DispatchSemaphore(value: 0)

    /// Backlog passed to `listen`.
    static let backlog: Int32 = 511

    /// - Parameters:
    ///   - host: address to bind (`127.0.0.1`, `0.0.0.0`, `::`, or a name `getaddrinfo` resolves).
    ///   - port: port to bind; 0 picks a free one (read it from `start()`).
    ///   - limits: see `ServerLimits`.
    ///   - logger: used for the server's own logs (hang-ups at debug, refused requests at info).
    ///   - observer: told the status of each response the server makes itself.
    ///   - mayBlock: true for requests whose handler may block or take long (disk, a rebuild): those run on a queue
    ///     of the connection's own instead of the event-loop thread. Default: every method but `GET`, `HEAD` and
    ///     `OPTIONS`. Handlers of the others run on the loop and should be quick.
    ///   - handler: answers each request, on the connection's queue.
    public convenience init(
        host: String, port: Int, limits: ServerLimits = ServerLimits(), logger: Logger,
        observer: ServerErrorObserver? = nil, mayBlock: (@Sendable (Request) -> Bool)? = nil,
        handler: @escaping RequestHandler
    ) {
        self.init(
            host: host, port: port, limits: limits, logger: logger, observer: observer, mayBlock: mayBlock,
            usesEventLoops: true, handler: handler)
    }

    /// - Parameter usesEventLoops: false makes every connection use Dispatch sources, the fallback for systems
    ///   without epoll, so that tests cover that path on Linux too.
    init(
        host: String, port: Int, limits: ServerLimits, logger: Logger, observer: ServerErrorObserver?,
        mayBlock: (@Sendable (Request) -> Bool)?, usesEventLoops: Bool, handler: @escaping RequestHandler
    ) {
        self.usesEventLoops = usesEventLoops
        self.host = host
        self.port = port
        self.limits = limits
        self.logger = logger
        self.observer = observer
        self.mayBlock = mayBlock ?? Self.defaultMayBlock
        self.handler = handler
        let loopCount = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        self.loops = (0..<loopCount).map { DispatchQueue(label: "newsbriefs.loop.\($0)") }
    }

    /// The loop a connection's queue targets: round robin by connection id.
    func loop(for connectionID: UInt64) -> DispatchQueue {
        loops[Int(connectionID % UInt64(loops.count))]
    }

    /// Ignores SIGPIPE, binds, listens and starts accepting.
    /// - Returns: the bound address (the real port when `port` was 0).
    /// - Throws: `SocketError` when the address cannot be resolved or bound (the server can then be started again),
    ///   or `start` already succeeded (`call` is `start`, `errno` is `EALREADY`).
    public func start() throws(SocketError) -> (host: String, port: Int) {
        let isFirst = withState { state in
            defer { state.hasStarted = true }
            return !state.hasStarted
        }
        guard isFirst else { throw SocketError(call: "start", errno: EALREADY) }
        // Writes use MSG_NOSIGNAL, but a stray write elsewhere must not kill the process either.
        _ = signal(SIGPIPE, SIG_IGN)

        let socket: Socket
        let address: (host: String, port: Int)
        do throws(SocketError) {
            socket = try Socket.listening(host: host, port: port, backlog: Self.backlog)
            do throws(SocketError) {
                address = try socket.boundAddress()
            } catch {
                socket.close()
                throw error
            }
        } catch {
            withState { $0.hasStarted = false }  // nothing was started: a later call may try again
            throw error
        }
        let listener = Listener(socket: socket, logger: logger) { [weak self] client, peer in
            self?.accepted(client, peer: peer)
        }
        withState { $0.listener = listener }
        listener.start()
        logger.info("server.listening", metadata: ["server.address": "\(address.host):\(address.port)"])
        return address
    }

    /// Stops accepting, lets in-flight requests finish for up to `limits.shutdownGracePeriod` (each answered with
    /// `Connection: close`), closes idle connections at once and any left at the end of the grace period, then returns.
    ///
    /// Blocks the caller. Safe from any queue except a connection's own (so not from inside a handler); a signal
    /// source's queue is fine. Calling it again returns at once.
    public func shutdown() {
        let (listener, isFirst) = withState { state in
            defer {
                state.isShuttingDown = true
                state.listener = nil
            }
            return (state.listener, !state.isShuttingDown)
        }
        guard isFirst else { return }
        listener?.stop()

        let connections = withState { $0.connections.values.map(\.connection) }
        logger.info("server.shutting_down", metadata: ["server.connections": "\(connections.count)"])
        for connection in connections {
            connection.queue.async { connection.beginShutdown() }
        }
        if !waitForConnections(within: limits.shutdownGracePeriod) {
            let remaining = withState { $0.connections.values.map(\.connection) }
            logger.warning("server.forcing_close", metadata: ["server.connections": "\(remaining.count)"])
            for connection in remaining {
                connection.queue.async { connection.forceClose() }
            }
            _ = waitForConnections(within: .seconds(1))
        }
        logger.info("server.stopped")
    }

    /// Waits until no connection is open. Returns false if some still are after `duration`.
    private func waitForConnections(within duration: Duration) -> Bool {
        let deadline = DispatchTime.now() + duration.dispatchInterval
        while openConnectionCount > 0 {
            if connectionClosedDuringShutdown.wait(timeout: deadline) == .timedOut {
                return openConnectionCount == 0
            }
        }
        return true
    }

    /// True once `shutdown()` has begun; responses from then on carry `Connection: close`.
    var isShuttingDown: Bool {
        withState { $0.isShuttingDown }
    }

    /// Connections open now (including any being refused with 503 or lingering before close).
    public var openConnectionCount: Int {
        withState { $0.connections.count }
    }

    /// Called on the listener's queue for each accepted socket.
    private func accepted(_ socket: Socket, peer: String) {
        let id = withState { state in
            state.nextID += 1
            return state.nextID
        }
        let connection = Connection(id: id, socket: socket, remoteAddress: peer, server: self)
        let admission: Bool? = withState { state in
            if state.isShuttingDown { return nil }
            let takesSlot = state.slotsTaken < limits.maxConnections
            state.connections[id] = Entry(connection: connection, takesSlot: takesSlot)
            if takesSlot { state.slotsTaken += 1 }
            return takesSlot
        }
        switch admission {
        case nil:
            socket.close()
        case true?:
            connection.queue.async { connection.start() }
        case false?:
            connection.queue.async { connection.startRejecting() }
        }
    }

    /// Called by a connection once its descriptor is closed.
    func connectionClosed(id: UInt64) {
        let isShuttingDown = withState { state in
            if let entry = state.connections.removeValue(forKey: id), entry.takesSlot { state.slotsTaken -= 1 }
            return state.isShuttingDown
        }
        if isShuttingDown { connectionClosedDuringShutdown.signal() }
    }
}

/// A failed system call.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call) failed: errno \(errno)" }
}
