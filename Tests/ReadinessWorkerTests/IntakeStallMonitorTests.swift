import KafkaClient
import Testing
@testable import ReadinessWorker

/// The intake watch's decisions: a stall is reported once, with its partitions and waiting count,
/// recovers when intake consumes again or nothing waits any more, and counts quiet from the end
/// of the work that held intake back.
@Suite struct IntakeStallMonitorTests {
    let start = ContinuousClock.now
    let p0 = TopicPartition(topic: "requests", partition: 0)
    let p1 = TopicPartition(topic: "requests", partition: 1)

    @Test func busyOrCaughtUpIntakeIsNotAStall() {
        var monitor = IntakeStallMonitor(window: .seconds(60))
        #expect(monitor.observe(.busy, lastEvent: start, now: start + .seconds(90)) == .none)
        #expect(monitor.observe(.idle(waiting: [:]), lastEvent: start, now: start + .seconds(90)) == .none)
        #expect(monitor.observe(.idle(waiting: [p0: 0]), lastEvent: start, now: start + .seconds(95)) == .none)
        #expect(monitor.state == .healthy)
    }

    @Test func waitingRequestsAreReportedOnceSinceTheLastEvent() {
        var monitor = IntakeStallMonitor(window: .seconds(60))
        #expect(monitor.observe(.idle(waiting: [p1: 7, p0: 3]), lastEvent: start, now: start + .seconds(61))
                == .reportStalled(since: start, partitions: [p0, p1], waiting: 10))
        #expect(monitor.observe(.idle(waiting: [p1: 7]), lastEvent: start, now: start + .seconds(75)) == .none)
        #expect(monitor.state == .stalled(since: start))
    }

    @Test func consumingAgainOrNothingWaitingRecovers() {
        var monitor = IntakeStallMonitor(window: .seconds(60))
        _ = monitor.observe(.idle(waiting: [p0: 3]), lastEvent: start, now: start + .seconds(61))
        #expect(monitor.observe(.busy, lastEvent: start + .seconds(62), now: start + .seconds(63))
                == .reportRecovered(after: .seconds(63)))
        #expect(monitor.state == .healthy)
        _ = monitor.observe(.idle(waiting: [p0: 1]), lastEvent: start + .seconds(62), now: start + .seconds(130))
        #expect(monitor.observe(.idle(waiting: [p0: 0]), lastEvent: start + .seconds(62), now: start + .seconds(140))
                == .reportRecovered(after: .seconds(78)))
    }

    /// A produce outage longer than the window keeps outputs in flight and intake held back; when
    /// the outputs are finally delivered, intake has had no consumer event for longer than the
    /// window, yet nothing stalled. (Seen in the request-errors fault scenario: a 26 s outage
    /// reported as an intake stall the tick after it ended.)
    @Test func quietWhileOutputsWereInFlightCountsFromTheEndOfThatWork() {
        var monitor = IntakeStallMonitor(window: .seconds(15))
        #expect(monitor.hasBeenQuiet(lastEvent: start, now: start + .seconds(15)))
        #expect(monitor.observe(.working, lastEvent: start, now: start + .seconds(26)) == .none)
        #expect(monitor.quietSince(lastEvent: start) == start + .seconds(26))
        #expect(!monitor.hasBeenQuiet(lastEvent: start, now: start + .seconds(30)))
        #expect(!monitor.hasBeenQuiet(lastEvent: start, now: start + .seconds(40)))
        #expect(monitor.hasBeenQuiet(lastEvent: start, now: start + .seconds(41)))
        // A consumer event after the work counts from itself.
        #expect(monitor.quietSince(lastEvent: start + .seconds(33)) == start + .seconds(33))
        // Still quiet a window after the work, with requests waiting: a stall since the work ended.
        #expect(monitor.observe(.idle(waiting: [p0: 4]), lastEvent: start, now: start + .seconds(42))
                == .reportStalled(since: start + .seconds(26), partitions: [p0], waiting: 4))
        // Work in flight again (the resumed partition was fetched): recovered.
        #expect(monitor.observe(.working, lastEvent: start, now: start + .seconds(44))
                == .reportRecovered(after: .seconds(18)))
    }
}
