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

/// One accepted TCP connection: reads bytes into a `RequestParser`, runs the handler for each request, and writes
/// the responses back in order.
///
/// Confinement: every stored `var` is read and written only on `queue`, a serial queue of its own. Dispatch
/// sources deliver their handlers on that queue and the server reaches in only with `queue.async`; entry points
/// check this with `dispatchPrecondition`. That is the invariant behind `@unchecked Sendable`.
///
/// Life cycle: `active` (reading requests) → `closingAfterFlush` (the last response is queued) → `lingering`
/// (half-closed, draining the peer's bytes so it reads our response rather than a reset) → `closed`. A hang-up
/// (EOF, `ECONNRESET`, `EPIPE`) skips straight to `closed` and is logged at debug.
///
/// TLS: when the server has a `TLSContext`, the connection first runs the handshake (phase `handshaking`, bounded
/// by `headerTimeout`, moved on by every readiness event without ever blocking), then reads and writes through its
/// `TLSTransport` instead of the socket; everything above the byte stream is the same. A client that sends plain
/// HTTP to the TLS port is answered 400 in clear text and closed.
final class Connection: @unchecked Sendable {
    enum Lifecycle: Equatable {
        case active
        /// Close once the queued bytes are sent; `linger` unless the peer already sent EOF.
        case closingAfterFlush(linger: Bool)
        case lingering
        case closed
    }

    let id: UInt64
    let queue: DispatchQueue
    /// Set while an event-loop thread runs `ready(_:)` with `queue.sync` (see `EventLoop`); atomic, not confined.
    let isHeldByLoop = Atomic<Bool>(false)
    private let socket: Socket
    private let remoteAddress: String
    private let server: HTTPServer
    private let timeouts: ConnectionTimeouts
    private var logger: Logger

    private var parser: RequestParser
    private var lifecycle = Lifecycle.active
    private var phase: ConnectionPhase
    private var outbound = OutboundBuffer()
    private var writeStalledSince: ContinuousClock.Instant?
    private var receivedEOF = false
    private var isShuttingDown = false
    /// The `Date` value last used and the second it is for: the shared `DateCache` (and its lock) is asked once a
    /// second per connection rather than on every response.
    private var cachedDate: (second: Int, text: String) = (-1, "")
    private var requestCount = 0
    /// A handler runs on `workQueue` for the request just parsed; reading and parsing wait for its response.
    private var isAwaitingHandler = false
    /// Where handlers of requests that may block (anything but `GET`, `HEAD` and `OPTIONS`) run: made on first use.
    private var workQueue: DispatchQueue?
    /// The TLS session, from `start()` on when the server speaks TLS; nil for plain HTTP (and after a plain-HTTP
    /// request arrived on the TLS port, which is then answered in clear).
    private var tls: TLSTransport?

    /// The epoll loop that reports this socket's readiness; nil when Dispatch sources do instead (no epoll, or
    /// registration failed).
    private var loop: EventLoop?
    /// This connection's registration with `loop`.
    private var loopToken: UInt64 = 0
    private var readSource: DispatchSourceRead?
    private var isReadSuspended = true
    private var writeSource: DispatchSourceWrite?
    private var isWriteSuspended = true
    private var timer: DispatchSourceTimer?
    private var timerDeadline: ContinuousClock.Instant?
    /// Sources cancelled whose cancel handler has not run yet; the descriptor is closed when it reaches zero.
    private var sourcesAlive = 0

    /// Stop taking requests while this many bytes wait to be sent (the peer is slow to read).
    static let highWaterBytes = 256 * 1024
    /// Bytes read per `read` call.
    static let readChunkBytes = 64 * 1024

    /// - Note: Readiness comes from an `EventLoop` (epoll, edge-triggered), whose thread runs `ready(_:)` on
    ///   `queue` with `queue.sync`. Without epoll, `queue` targets one of the server's serial loop queues
    ///   (`HTTPServer.loops`, one per core) and Dispatch sources report readiness, so the events of many
    ///   connections drain on one thread without a wake-up each. (The first design, a thread per connection queue,
    ///   spent most of its time in futex wake/wait.) Either way, handlers that
    ///   may block (on disk, say) must not hold a loop, so they run on `workQueue`, a plain serial queue of the
    ///   connection's own. Such queues are "overcommit" in Dispatch: a blocked handler never starves other
    ///   connections of threads, whereas queues targeting `DispatchQueue.global()` share a pool as wide as the CPU
    ///   count on Linux, and a few blocked handlers then stall everything for about a second at a time.
    init(id: UInt64, socket: Socket, remoteAddress: String, server: HTTPServer) {
        self.id = id
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.server = server
        let loops = server.usesEventLoops ? EventLoop.shared : []
        if loops.isEmpty {
            self.queue = DispatchQueue(label: "newsbriefs.connection", target: server.loop(for: id))
            self.loop = nil
        } else {
            self.queue = DispatchQueue(label: "newsbriefs.connection")
            self.loop = loops[Int(id % UInt64(loops.count))]
        }
        self.timeouts = ConnectionTimeouts(limits: server.limits)
        self.parser = RequestParser(
            maxHeaderBytes: server.limits.maxHeaderBytes, maxBodyBytes: server.limits.maxBodyBytes)
        self.phase = .idle(since: .now)
        var logger = server.logger
        logger[metadataKey: "connection.id"] = "\(id)"
        logger[metadataKey: "remote.address"] = "\(remoteAddress.logEscaped(limit: 64))"
        self.logger = logger
    }

    // MARK: - Entry points (each on `queue`)

    /// Starts reading requests.
    func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        installSources()
        if let context = server.limits.tls {
            guard let transport = context.makeTransport(descriptor: socket.descriptor) else {
                logger.error("tls.session_failed")
                close()
                return
            }
            tls = transport
            phase = .handshaking(since: .now)
        } else {
            phase = .idle(since: .now)
        }
        updateReadInterest()
        armTimer()
    }

    /// Answers 503 and closes: the server is over `maxConnections`.
    func startRejecting() {
        dispatchPrecondition(condition: .onQueue(queue))
        if server.limits.tls != nil {
            // A 503 would need a handshake first, which is CPU spent on a connection we cannot serve: close.
            logger.info("connection.refused", metadata: ["http.status": "none"])
            close()
            return
        }
        installSources()
        logger.info("connection.refused", metadata: ["http.status": "503"])
        sendProblem(ServerProblems.tooManyConnections)
        flush()
        updateReadInterest()
        armTimer()
    }

    /// The server is shutting down: close now if idle, else finish the request in progress and close after it.
    func beginShutdown() {
        dispatchPrecondition(condition: .onQueue(queue))
        isShuttingDown = true
        if lifecycle == .active && parser.isIdle && outbound.isEmpty {
            close()
        }
    }

    /// Closes at once, whatever is in progress (end of the shutdown grace period).
    func forceClose() {
        dispatchPrecondition(condition: .onQueue(queue))
        close()
    }

    /// Readiness reported by the event loop (a mask of `EventLoop` bits). Edge-triggered: each kind is reported
    /// once per change, so reading goes on until the socket is drained, and a paused reader tries again on resuming.
    func ready(_ events: UInt32) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard lifecycle != .closed else { return }
        if let tls {
            readyTLS(events, tls)
            return
        }
        let failed = events & (EventLoop.error | EventLoop.hangUp) != 0
        if events & EventLoop.output != 0 || failed, !outbound.isEmpty {
            writable()
        }
        if events & (EventLoop.input | EventLoop.readHangUp) != 0 || failed, !isReadSuspended,
            lifecycle != .closed
        {
            // After a hang-up edge, bytes and the EOF may both be waiting behind one event: read until EAGAIN.
            readable(untilWouldBlock: failed || events & EventLoop.readHangUp != 0)
        }
    }

    /// `ready(_:)` for a TLS connection. OpenSSL may need to write while reading (the handshake, a key update) or
    /// the reverse, so any event moves on whatever waits; each step runs until OpenSSL would block, as edge
    /// triggering requires.
    private func readyTLS(_ events: UInt32, _ tls: TLSTransport) {
        guard tls.isEstablished else {
            advanceHandshake()
            return
        }
        let failed = events & (EventLoop.error | EventLoop.hangUp) != 0
        let input = failed || events & (EventLoop.input | EventLoop.readHangUp) != 0
        let output = failed || events & EventLoop.output != 0
        if !outbound.isEmpty || (output && tls.readWantsOutput) {
            writable()
        }
        if input, !isReadSuspended, lifecycle != .closed {
            readable(untilWouldBlock: true)
        }
    }

    /// Moves the TLS handshake on as far as the socket allows; once it is done, reads the request that may
    /// already be waiting (no new edge will announce it).
    private func advanceHandshake() {
        guard let tls, lifecycle == .active, !tls.isEstablished else { return }
        switch tls.handshake() {
        case .established:
            logger.debug("tls.established", metadata: ["tls.session": "\(tls.negotiated)"])
            phase = .idle(since: .now)
            setWriteInterest(false)
            armTimer()
            readable(untilWouldBlock: true)
        case .inProgress:
            setWriteInterest(tls.wantsOutput)
        case .plainHTTP:
            logger.info("tls.plain_http_request", metadata: ["http.status": "400"])
            self.tls = nil
            sendProblem(ServerProblems.plainHTTPOnTLSPort)
            flush()
            updateReadInterest()
            armTimer()
        case .failed(let reason):
            logger.debug("tls.handshake_failed", metadata: ["tls.error": "\(reason.logEscaped(limit: 200))"])
            close()
        }
    }

    /// The TLS session failed (reset, protocol error): nothing more can be sent on it.
    private func tlsFailed(_ reason: String) {
        logger.debug("tls.failed", metadata: ["tls.error": "\(reason.logEscaped(limit: 200))"])
        close()
    }

    private func installSources() {
        if let loop {
            if let token = loop.register(self, socket: socket) {
                loopToken = token
                installTimer()
                return
            }
            self.loop = nil  // fall back to Dispatch sources for this connection
        }
        let read = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
        read.setEventHandler { [self] in readable() }
        read.setCancelHandler { [self] in sourceCancelled() }
        readSource = read
        sourcesAlive += 1
        installTimer()
    }

    private func installTimer() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [self] in timerFired() }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
        self.timer = timer
    }

    // MARK: - Reading

    /// Reads what the socket has. Under edge-triggered readiness a short read ends it (the socket was drained
    /// then, and later bytes raise a new edge), unless `untilWouldBlock`: after a hang-up edge or a pause, an EOF
    /// may wait behind the bytes with no edge left to report it.
    private func readable(untilWouldBlock: Bool = false) {
        dispatchPrecondition(condition: .onQueue(queue))
        switch lifecycle {
        case .closed, .closingAfterFlush:
            return
        case .lingering:
            drainWhileLingering()
            return
        case .active:
            if let tls, !tls.isEstablished {
                advanceHandshake()
                return
            }
        }
        // With edge-triggered readiness, read on until a short read (the socket was drained then) or a pause.
        // TLS reads on until OpenSSL would block in any case: bytes it holds decrypted raise no event at all.
        guard loop != nil || tls != nil else {
            _ = readOnce()
            return
        }
        while lifecycle == .active && !isReadSuspended {
            switch readOnce() {
            case .stop: return
            case .short: if !untilWouldBlock { return }
            case .full: continue
            }
        }
    }

    private enum ReadOutcome {
        /// Nothing to read (EAGAIN), EOF, or an error: no point in reading again now.
        case stop
        /// Fewer bytes than asked for: the socket was drained at that moment.
        case short
        /// A full buffer: more may be waiting.
        case full
    }

    /// One `read` and what follows from it.
    private func readOnce() -> ReadOutcome {
        if let tls { return readOnce(tls) }
        var filled = false
        let outcome = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) {
            buffer -> Result<Int?, SocketError> in
            let result = Result { () throws(SocketError) -> Int? in try socket.read(into: buffer) }
            if case .success(let count?) = result, count > 0 {
                parser.receive(UnsafeBufferPointer(rebasing: buffer[..<count]))
                filled = count == buffer.count
            }
            return result
        }
        var next = ReadOutcome.short
        switch outcome {
        case .success(nil):
            return .stop
        case .success(0):
            receivedEOF = true
            parser.receiveEOF()
            logger.debug("connection.peer_closed")
            next = .stop
        case .success(let count?):
            noteReceived(count)
        case .failure(let error):
            hangUp(error)
            return .stop
        }
        process()
        return next == .stop ? .stop : (filled ? .full : .short)
    }

    /// One `SSL_read` and what follows from it: `.full` after any bytes (read again: a record is at most 16 KiB and
    /// the socket may hold more), `.stop` once OpenSSL would block.
    private func readOnce(_ tls: TLSTransport) -> ReadOutcome {
        let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) {
            buffer -> TLSTransport.ReadResult in
            let result = tls.read(into: buffer)
            if case .bytes(let count) = result {
                parser.receive(UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
            return result
        }
        switch result {
        case .bytes(let count):
            noteReceived(count)
            process()
            return .full
        case .wouldBlock:
            return .stop
        case .endOfStream:
            receivedEOF = true
            parser.receiveEOF()
            logger.debug("connection.peer_closed")
            process()
            return .stop
        case .failed(let reason):
            tlsFailed(reason)
            return .stop
        }
    }

    /// `count` bytes of a request arrived: the phase timers care.
    private func noteReceived(_ count: Int) {
        switch phase {
        case .idle: phase = .readingHead(since: .now)
        case .readingBody(let since, _, let bytesReceived):
            phase = .readingBody(since: since, lastProgress: .now, bytesReceived: bytesReceived + count)
        case .handshaking, .readingHead, .finishing, .lingering: break
        }
    }

    private func drainWhileLingering() {
        while lifecycle == .lingering {
            let outcome = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readChunkBytes) { buffer in
                Result { () throws(SocketError) -> Int? in try socket.read(into: buffer) }
            }
            switch outcome {
            case .success(nil): return
            case .success(0): close()
            case .success: if loop == nil { return }  // a level-triggered source fires again
            case .failure: close()
            }
        }
    }

    /// Reading was resumed under edge-triggered readiness: bytes that arrived meanwhile raised no new event.
    private func resumeReading() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard lifecycle != .closed, !isReadSuspended else { return }
        readable(untilWouldBlock: true)
    }

    /// Takes events from the parser until it needs data or the connection is closing, pausing whenever output backs
    /// up. A flush that drains the backlog goes straight back to the parser: requests already buffered there will not
    /// make the read source fire again.
    private func process() {
        while handleEvents() == .backedUp {
            flush()
            guard lifecycle == .active, outbound.byteCount <= Self.highWaterBytes else { break }
        }
        flush()
        updateReadInterest()
        armTimer()
    }

    private enum Pause {
        case needData
        case backedUp
        case notActive
    }

    private func handleEvents() -> Pause {
        while lifecycle == .active {
            if outbound.byteCount > Self.highWaterBytes { return .backedUp }
            switch parser.nextEvent() {
            case .needData:
                return .needData
            case .head(let head):
                if head.hasBody {
                    phase = .readingBody(since: .now, lastProgress: .now, bytesReceived: 0)
                    // RFC 9110 §10.1.1: the body is acceptable (the limit was checked), so invite it.
                    if head.expectsContinue {
                        outbound.append(ResponseSerializer.continueHead)
                        flush()
                    }
                }
            case .request(let request):
                if server.mayBlock(request) {
                    respondOnWorkQueue(to: request)
                    return .needData
                }
                respond(to: request)
            case .paused:
                return .needData  // not reached: `respond` moves the parser on
            case .error(.incompleteMessage):
                logger.debug("connection.peer_closed_mid_request")
                lifecycle = .closingAfterFlush(linger: false)
                phase = .finishing
            case .error(let error):
                logger.info(
                    "request.rejected",
                    metadata: [
                        "http.status": "\(error.statusHint)", "http.error": "\(error.description.logEscaped(limit: 200))",
                    ])
                sendProblem(ServerProblems.problem(for: error))
            case .closed:
                lifecycle = .closingAfterFlush(linger: false)
                phase = .finishing
            }
        }
        return .notActive
    }

    private func respond(to request: Request) {
        requestCount += 1
        let context = RequestContext(remoteAddress: remoteAddress, requestID: "\(id)-\(requestCount)")
        logReceived(request, context)
        finishResponding(to: request, context: context, response: server.handler(request, context))
    }

    /// Runs the handler on `workQueue`, then comes back to `queue` with the response. Reading stops meanwhile (the
    /// parser is paused anyway); timeouts do not run against the handler.
    private func respondOnWorkQueue(to request: Request) {
        requestCount += 1
        let context = RequestContext(remoteAddress: remoteAddress, requestID: "\(id)-\(requestCount)")
        logReceived(request, context)
        isAwaitingHandler = true
        phase = .finishing
        let work = workQueue ?? DispatchQueue(label: "newsbriefs.connection.work")
        workQueue = work
        let handler = server.handler
        work.async { [self] in
            // Only `let` properties are read here, off `queue`: `handler` above and `queue` itself.
            let response = handler(request, context)
            queue.async { [self] in
                dispatchPrecondition(condition: .onQueue(queue))
                isAwaitingHandler = false
                guard lifecycle == .active else { return }  // closed (or forced closed) meanwhile
                finishResponding(to: request, context: context, response: response)
                process()
            }
        }
    }

    /// A trace line per request. Method and target come from the client, so they are escaped and cut short; header
    /// values (the API token among them) are never logged.
    private func logReceived(_ request: Request, _ context: RequestContext) {
        logger.trace(
            "request.received",
            metadata: [
                "request.id": "\(context.requestID)", "http.method": "\(request.method.logEscaped(limit: 32))",
                "http.target": "\(request.target.logEscaped(limit: 256))",
            ])
    }

    private func finishResponding(to request: Request, context: RequestContext, response: Response) {
        var response = response
        if !response.hasFinalStatus {
            logger.error(
                "handler.invalid_status",
                metadata: ["request.id": "\(context.requestID)", "http.status": "\(response.status)"])
            server.observer?(500)
            response = ServerProblems.internalError.response
        }
        // The server-wide flag is read too: `beginShutdown()` may be queued behind this very handler call.
        let closing = !request.keepsAlive || response.asksToClose || isShuttingDown || server.isShuttingDown
        let serialized = server.serializer.serialize(
            response, requestMethod: request.method, requestVersion: request.version, closing: closing,
            date: currentDate())
        outbound.append(serialized.head)
        outbound.append(serialized.body)
        if closing {
            lifecycle = .closingAfterFlush(linger: !receivedEOF)
            phase = .finishing
        } else {
            parser.startNextRequest()
            phase = parser.isIdle ? .idle(since: .now) : .readingHead(since: .now)
        }
        flush()
    }

    /// The IMF-fixdate for now, from `cachedDate` while the second has not changed.
    private func currentDate() -> String {
        let now = time(nil)
        if now == cachedDate.second { return cachedDate.text }
        let text = server.dates.current()
        cachedDate = (now, text)
        return text
    }

    /// Queues a problem response made by the server and closes after it.
    private func sendProblem(_ problem: Problem) {
        server.observer?(problem.status)
        let serialized = server.serializer.serialize(
            problem.response, requestMethod: nil, closing: true, date: currentDate())
        outbound.append(serialized.head)
        outbound.append(serialized.body)
        lifecycle = .closingAfterFlush(linger: !receivedEOF)
        phase = .finishing
    }

    // MARK: - Writing

    /// Sends what is queued until done or the socket buffer is full (then waits for the write source).
    private func flush() {
        dispatchPrecondition(condition: .onQueue(queue))
        if lifecycle == .closed { return }
        while !outbound.isEmpty {
            let sent: Int?
            if let tls {
                switch tls.write(from: outbound) {
                case .bytes(let count): sent = count
                case .wouldBlock: sent = nil
                case .failed(let reason):
                    tlsFailed(reason)
                    return
                }
            } else {
                let outcome = outbound.withVectors { vectors in
                    Result { () throws(SocketError) -> Int? in try socket.send(vectors) }
                }
                switch outcome {
                case .success(let count): sent = count
                case .failure(let error):
                    hangUp(error)
                    return
                }
            }
            if let sent {
                outbound.consume(sent)
                if writeStalledSince != nil { writeStalledSince = .now }
            } else {
                if writeStalledSince == nil { writeStalledSince = .now }
                setWriteInterest(true)
                return
            }
        }
        writeStalledSince = nil
        setWriteInterest(tls?.wantsOutput ?? false)
        switch lifecycle {
        case .closingAfterFlush(let linger):
            if linger {
                beginLingering()
            } else {
                close()
            }
        case .active:
            // A keep-alive response sent before shutdown began: nothing else is in progress, so close now.
            if isShuttingDown && parser.isIdle { close() }
        case .lingering, .closed:
            break
        }
    }

    private func writable() {
        dispatchPrecondition(condition: .onQueue(queue))
        if let tls {
            if !tls.isEstablished {
                advanceHandshake()
                return
            }
            // A read stopped because OpenSSL had to write first: the socket takes bytes again.
            if tls.readWantsOutput, !isReadSuspended, lifecycle == .active { readable(untilWouldBlock: true) }
        }
        flush()
        if lifecycle == .active && outbound.byteCount <= Self.highWaterBytes {
            process()
        } else {
            armTimer()
        }
    }

    /// Never touches a source after `close()`: a cancelled source that is suspended never runs its cancel handler.
    private func setWriteInterest(_ wanted: Bool) {
        // The event loop always watches for output (edge-triggered); `ready` flushes when bytes are queued.
        guard lifecycle != .closed, loop == nil else { return }
        if wanted && writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: socket.descriptor, queue: queue)
            source.setEventHandler { [self] in writable() }
            source.setCancelHandler { [self] in sourceCancelled() }
            writeSource = source
            sourcesAlive += 1
        }
        guard let source = writeSource else { return }
        if wanted && isWriteSuspended {
            isWriteSuspended = false
            source.resume()
        } else if !wanted && !isWriteSuspended {
            isWriteSuspended = true
            source.suspend()
        }
    }

    /// Reads only while a request can be taken in (or while lingering); a level-triggered source must be
    /// suspended otherwise, or it would fire forever at EOF.
    private func updateReadInterest() {
        guard lifecycle != .closed else { return }
        if loop != nil {
            let wanted = wantsToRead
            if wanted && isReadSuspended {
                isReadSuspended = false
                queue.async { [self] in resumeReading() }
            } else if !wanted && !isReadSuspended {
                isReadSuspended = true
            }
            return
        }
        guard let source = readSource else { return }
        let wanted = wantsToRead
        if wanted && isReadSuspended {
            isReadSuspended = false
            source.resume()
            // Bytes OpenSSL already holds would not make the source fire.
            if tls != nil { queue.async { [self] in resumeReading() } }
        } else if !wanted && !isReadSuspended {
            isReadSuspended = true
            source.suspend()
        }
    }

    /// Whether bytes should be read now: a request can be taken in, or the connection lingers.
    private var wantsToRead: Bool {
        switch lifecycle {
        case .active: return !receivedEOF && !isAwaitingHandler && outbound.byteCount <= Self.highWaterBytes
        case .lingering: return true
        case .closingAfterFlush, .closed: return false
        }
    }

    // MARK: - Closing

    private func beginLingering() {
        tls?.sendCloseNotify()
        socket.shutdownWrite()
        lifecycle = .lingering
        phase = .lingering(since: .now)
        updateReadInterest()
        armTimer()
    }

    private func hangUp(_ error: SocketError) {
        if error.isHangUp {
            logger.debug("connection.hang_up", metadata: ["error": "\(error)"])
        } else {
            logger.warning("connection.socket_error", metadata: ["error": "\(error)"])
        }
        close()
    }

    /// Cancels the sources; the descriptor is closed once their cancel handlers have run, so that it is never
    /// reused while Dispatch still watches it.
    private func close() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard lifecycle != .closed else { return }
        tls?.sendCloseNotify()  // does nothing after a TLS failure or once sent
        lifecycle = .closed
        if loopToken != 0 { loop?.deregister(token: loopToken, socket: socket) }
        timer?.cancel()
        timer = nil
        if let source = readSource {
            if isReadSuspended { source.resume() }
            isReadSuspended = false
            source.cancel()
        }
        if let source = writeSource {
            if isWriteSuspended { source.resume() }
            isWriteSuspended = false
            source.cancel()
        }
        if sourcesAlive == 0 { finishClosing() }
    }

    private func sourceCancelled() {
        dispatchPrecondition(condition: .onQueue(queue))
        sourcesAlive -= 1
        if sourcesAlive == 0 && lifecycle == .closed { finishClosing() }
    }

    private func finishClosing() {
        readSource = nil
        writeSource = nil
        tls = nil  // frees the session now rather than whenever the last reference goes
        socket.close()
        logger.debug("connection.closed", metadata: ["connection.requests": "\(requestCount)"])
        server.connectionClosed(id: id)
    }

    // MARK: - Timer

    /// Makes sure the timer fires no later than the next deadline. A timer set earlier is left alone: when it
    /// fires it finds nothing due and is set again, which saves rescheduling on every request.
    private func armTimer() {
        guard lifecycle != .closed, let timer else { return }
        guard let deadline = timeouts.deadline(phase: phase, writeStalledSince: writeStalledSince) else { return }
        if let scheduled = timerDeadline, scheduled <= deadline { return }
        timerDeadline = deadline
        let delay = ContinuousClock.now.duration(to: deadline)
        timer.schedule(deadline: .now() + delay.dispatchInterval, leeway: .milliseconds(10))
    }

    private func timerFired() {
        dispatchPrecondition(condition: .onQueue(queue))
        timerDeadline = nil
        guard lifecycle != .closed else { return }
        switch timeouts.action(phase: phase, writeStalledSince: writeStalledSince, now: .now) {
        case .none:
            armTimer()
        case .requestTimeout:
            logger.info("request.timeout", metadata: ["http.status": "408"])
            sendProblem(ServerProblems.requestTimeout)
            flush()
            updateReadInterest()
            armTimer()
        case .close:
            logger.debug("connection.timeout", metadata: ["connection.phase": "\(phase)"])
            close()
        }
    }
}
