import Testing

@testable import BriefsServer

/// The timer policy is pure: every case passes its own `now`.
@Suite struct ConnectionTimeoutsTests {
    let timeouts = ConnectionTimeouts(
        limits: ServerLimits(headerTimeout: .seconds(10), idleTimeout: .seconds(60)), lingerTimeout: .seconds(2))
    let start = ContinuousClock.now

    @Test func idleConnectionClosesSilentlyAtTheIdleTimeout() {
        let phase = ConnectionPhase.idle(since: start)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(60))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(59)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(60)) == .close)
    }

    /// A TLS handshake gets the header timeout, then the connection closes without a word (no response can be
    /// sent before the handshake is done).
    @Test func unfinishedHandshakeClosesAtTheHeaderTimeout() {
        let phase = ConnectionPhase.handshaking(since: start)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(10))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .milliseconds(9_999)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(10)) == .close)
    }

    @Test func slowHeadGetsRequestTimeoutAtTheHeaderTimeout() {
        let phase = ConnectionPhase.readingHead(since: start)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(10))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .milliseconds(9_999)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(10)) == .requestTimeout)
    }

    @Test func stalledBodyGetsRequestTimeoutAfterIdleTimeoutWithoutProgress() {
        // 100 KB received: the rate deadline (10 s + 100 s) is later than the stall deadline.
        let phase = ConnectionPhase.readingBody(
            since: start, lastProgress: start + .seconds(30), bytesReceived: 102_400)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(89)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(90)) == .requestTimeout)
    }

    /// A body trickled a byte at a time never stalls for `idleTimeout`, but falls behind the minimum rate: it gets
    /// `headerTimeout` plus one second per 1024 bytes (the default rate).
    @Test func trickledBodyGetsRequestTimeoutWhenSlowerThanTheMinimumRate() {
        let phase = ConnectionPhase.readingBody(
            since: start, lastProgress: start + .seconds(11), bytesReceived: 512)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(10) + .milliseconds(500))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .milliseconds(10_499)) == .none)
        let due = start + .milliseconds(10_500)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: due) == .requestTimeout)
    }

    @Test func minimumBodyRateOfZeroLeavesOnlyTheStallTimeout() {
        var limits = ServerLimits(headerTimeout: .seconds(10), idleTimeout: .seconds(60))
        limits.minBodyBytesPerSecond = 0
        let timeouts = ConnectionTimeouts(limits: limits)
        let phase = ConnectionPhase.readingBody(since: start, lastProgress: start + .seconds(100), bytesReceived: 1)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(160))
    }

    @Test func hugeBodyCountDoesNotOverflowTheDeadline() {
        let phase = ConnectionPhase.readingBody(since: start, lastProgress: start, bytesReceived: .max)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(60))
    }

    @Test func stalledWriteClosesWhicheverPhase() {
        let phase = ConnectionPhase.readingHead(since: start + .seconds(100))
        let stalled = start
        #expect(timeouts.deadline(phase: phase, writeStalledSince: stalled) == start + .seconds(60))
        #expect(timeouts.action(phase: phase, writeStalledSince: stalled, now: start + .seconds(60)) == .close)
        #expect(timeouts.deadline(phase: .finishing, writeStalledSince: stalled) == start + .seconds(60))
    }

    @Test func finishingNeedsNoTimerUnlessWritesStall() {
        #expect(timeouts.deadline(phase: .finishing, writeStalledSince: nil) == nil)
        #expect(timeouts.action(phase: .finishing, writeStalledSince: nil, now: start + .seconds(1000)) == .none)
    }

    @Test func lingeringEndsAtTheLingerTimeout() {
        let phase = ConnectionPhase.lingering(since: start)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(1)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(2)) == .close)
    }
}

@Suite struct AcceptBackoffTests {
    @Test func doublesFromFiveMillisecondsUpToOneSecondAndResets() {
        var backoff = AcceptBackoff()
        let delays = (0..<10).map { _ in backoff.next() }
        #expect(
            delays == [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000].map { Duration.milliseconds($0) })
        backoff.reset()
        #expect(backoff.next() == .milliseconds(5))
    }
}
