import Testing
@testable import ReadinessWorker

/// The produce watch's decisions: report once, recover, give up only after the bound.
@Suite struct ProduceFailureMonitorTests {
    let start = ContinuousClock.now

    @Test func healthyStaysQuiet() {
        var monitor = ProduceFailureMonitor(exitAfter: .seconds(10))
        #expect(monitor.observe(failingSince: nil, now: start) == .none)
        #expect(monitor.observe(failingSince: nil, now: start + .seconds(60)) == .none)
    }

    @Test func failureIsReportedOnceThenRecovers() {
        var monitor = ProduceFailureMonitor(exitAfter: .seconds(10))
        #expect(monitor.observe(failingSince: start, now: start + .seconds(1)) == .reportFailing(since: start))
        #expect(monitor.observe(failingSince: start, now: start + .seconds(5)) == .none)
        #expect(monitor.observe(failingSince: nil, now: start + .seconds(6)) == .reportRecovered(after: .seconds(6)))
        #expect(monitor.state == .healthy)
    }

    @Test func givesUpOnlyAfterTheBoundAndOnlyOnce() {
        var monitor = ProduceFailureMonitor(exitAfter: .seconds(10))
        _ = monitor.observe(failingSince: start, now: start)
        #expect(monitor.observe(failingSince: start, now: start + .milliseconds(9999)) == .none)
        #expect(monitor.observe(failingSince: start, now: start + .seconds(10)) == .giveUp(since: start))
        #expect(monitor.observe(failingSince: start, now: start + .seconds(11)) == .none)
        #expect(monitor.observe(failingSince: nil, now: start + .seconds(12)) == .none, "no recovery after giving up")
    }

    @Test func aYoungerFailureRestartsTheClock() {
        var monitor = ProduceFailureMonitor(exitAfter: .seconds(10))
        _ = monitor.observe(failingSince: start, now: start + .seconds(1))
        // The oldest failing output was delivered; a younger one still fails.
        #expect(monitor.observe(failingSince: start + .seconds(8), now: start + .seconds(12)) == .none)
        #expect(monitor.observe(failingSince: start + .seconds(8), now: start + .seconds(18)) == .giveUp(since: start + .seconds(8)))
    }

    @Test func alreadyOldFailureGivesUpAtFirstSight() {
        var monitor = ProduceFailureMonitor(exitAfter: .seconds(10))
        #expect(monitor.observe(failingSince: start, now: start + .seconds(30)) == .giveUp(since: start))
    }
}
