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

    @Test func slowHeadGetsRequestTimeoutAtTheHeaderTimeout() {
        let phase = ConnectionPhase.readingHead(since: start)
        #expect(timeouts.deadline(phase: phase, writeStalledSince: nil) == start + .seconds(10))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .milliseconds(9_999)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(10)) == .requestTimeout)
    }

    @Test func stalledBodyGetsRequestTimeoutAfterIdleTimeoutWithoutProgress() {
        let phase = ConnectionPhase.readingBody(lastProgress: start + .seconds(30))
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(89)) == .none)
        #expect(timeouts.action(phase: phase, writeStalledSince: nil, now: start + .seconds(90)) == .requestTimeout)
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
