/// What a connection is waiting for, as far as its timers care.
enum ConnectionPhase: Equatable, Sendable {
    /// A TLS connection accepted at `since` whose handshake has not finished. `headerTimeout` → close (no response
    /// can be sent before the handshake).
    case handshaking(since: ContinuousClock.Instant)
    /// Between requests (or before the first): nothing of a request has arrived. `idleTimeout` → close silently.
    case idle(since: ContinuousClock.Instant)
    /// The first byte of a request arrived at `since` and its head is not complete. `headerTimeout` → 408, close.
    case readingHead(since: ContinuousClock.Instant)
    /// Reading a body that began at `since`; `bytesReceived` of it so far, the last at `lastProgress`.
    /// `idleTimeout` without a byte → 408, close. So does a body slower than `minBodyBytesPerSecond` overall (after
    /// `headerTimeout` of grace): a client trickling a byte now and then would otherwise hold its slot for ever.
    case readingBody(since: ContinuousClock.Instant, lastProgress: ContinuousClock.Instant, bytesReceived: Int)
    /// The last response is queued and the connection closes once it is sent (only write stalls matter).
    case finishing
    /// We half-closed at `since` and drain what the peer still sends, so that it reads our last response rather
    /// than a reset (RFC 9112 §9.6). `lingerTimeout` → close.
    case lingering(since: ContinuousClock.Instant)
}

/// The connection timer policy, as pure functions of the phase and a `now` passed in (tests never sleep).
struct ConnectionTimeouts: Equatable, Sendable {
    /// What to do when the timer fires.
    enum Action: Equatable, Sendable {
        /// Nothing is due yet.
        case none
        /// The request took too long: answer 408 and close.
        case requestTimeout
        /// Close without a word (idle keep-alive, stalled writes, end of lingering).
        case close
    }

    var headerTimeout: Duration
    var idleTimeout: Duration
    var lingerTimeout: Duration
    var minBodyBytesPerSecond: Int

    init(limits: ServerLimits, lingerTimeout: Duration = .seconds(2)) {
        headerTimeout = limits.headerTimeout
        idleTimeout = limits.idleTimeout
        minBodyBytesPerSecond = limits.minBodyBytesPerSecond
        self.lingerTimeout = lingerTimeout
    }

    /// When the next action is due, or nil when no timer is needed.
    /// - Parameter writeStalledSince: when a send last found the socket buffer full with output still queued (the
    ///   peer is not reading); `idleTimeout` after it the connection is closed.
    func deadline(phase: ConnectionPhase, writeStalledSince: ContinuousClock.Instant?) -> ContinuousClock.Instant? {
        let readDeadline = self.readDeadline(phase)
        let writeDeadline = writeStalledSince.map { $0 + idleTimeout }
        switch (readDeadline, writeDeadline) {
        case (nil, nil): return nil
        case (let read?, nil): return read
        case (nil, let write?): return write
        case (let read?, let write?): return min(read, write)
        }
    }

    /// What is due at `now`.
    func action(
        phase: ConnectionPhase, writeStalledSince: ContinuousClock.Instant?, now: ContinuousClock.Instant
    ) -> Action {
        if let stalled = writeStalledSince, now >= stalled + idleTimeout { return .close }
        guard let due = readDeadline(phase), now >= due else { return .none }
        switch phase {
        case .readingHead, .readingBody: return .requestTimeout
        case .handshaking, .idle, .lingering: return .close
        case .finishing: return .none
        }
    }

    private func readDeadline(_ phase: ConnectionPhase) -> ContinuousClock.Instant? {
        switch phase {
        case .handshaking(let since): return since + headerTimeout
        case .idle(let since): return since + idleTimeout
        case .readingHead(let since): return since + headerTimeout
        case .readingBody(let since, let lastProgress, let bytesReceived):
            let stalled = lastProgress + idleTimeout
            guard minBodyBytesPerSecond > 0 else { return stalled }
            let earned = Duration.milliseconds(min(bytesReceived, Int.max / 1000) * 1000 / minBodyBytesPerSecond)
            return min(stalled, since + headerTimeout + earned)
        case .finishing: return nil
        case .lingering(let since): return since + lingerTimeout
        }
    }
}

/// How long `accept` waits after running out of descriptors: 5 ms, doubling up to 1 s, reset by a success.
struct AcceptBackoff: Equatable, Sendable {
    static let initial = Duration.milliseconds(5)
    static let maximum = Duration.seconds(1)

    /// The current delay, nil when the last accept succeeded.
    private(set) var delay: Duration?

    /// Records a failure and returns how long to wait before accepting again.
    mutating func next() -> Duration {
        let value = delay.map { min($0 * 2, Self.maximum) } ?? Self.initial
        delay = value
        return value
    }

    mutating func reset() {
        delay = nil
    }
}
