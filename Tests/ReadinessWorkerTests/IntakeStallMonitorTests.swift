import KafkaClient
import Testing
@testable import ReadinessWorker

/// The intake watch's decisions: a stall is reported once, with its partitions and waiting count,
/// and recovers when intake consumes again or nothing waits any more.
@Suite struct IntakeStallMonitorTests {
    let start = ContinuousClock.now
    let p0 = TopicPartition(topic: "requests", partition: 0)
    let p1 = TopicPartition(topic: "requests", partition: 1)

    @Test func busyOrCaughtUpIntakeIsNotAStall() {
        var monitor = IntakeStallMonitor()
        #expect(monitor.observe(.busy, lastEvent: start, now: start + .seconds(90)) == .none)
        #expect(monitor.observe(.idle(waiting: [:]), lastEvent: start, now: start + .seconds(90)) == .none)
        #expect(monitor.observe(.idle(waiting: [p0: 0]), lastEvent: start, now: start + .seconds(95)) == .none)
        #expect(monitor.state == .healthy)
    }

    @Test func waitingRequestsAreReportedOnceSinceTheLastEvent() {
        var monitor = IntakeStallMonitor()
        #expect(monitor.observe(.idle(waiting: [p1: 7, p0: 3]), lastEvent: start, now: start + .seconds(61))
                == .reportStalled(since: start, partitions: [p0, p1], waiting: 10))
        #expect(monitor.observe(.idle(waiting: [p1: 7]), lastEvent: start, now: start + .seconds(75)) == .none)
        #expect(monitor.state == .stalled(since: start))
    }

    @Test func consumingAgainOrNothingWaitingRecovers() {
        var monitor = IntakeStallMonitor()
        _ = monitor.observe(.idle(waiting: [p0: 3]), lastEvent: start, now: start + .seconds(61))
        #expect(monitor.observe(.busy, lastEvent: start + .seconds(62), now: start + .seconds(63))
                == .reportRecovered(after: .seconds(63)))
        #expect(monitor.state == .healthy)
        _ = monitor.observe(.idle(waiting: [p0: 1]), lastEvent: start + .seconds(62), now: start + .seconds(130))
        #expect(monitor.observe(.idle(waiting: [p0: 0]), lastEvent: start + .seconds(62), now: start + .seconds(140))
                == .reportRecovered(after: .seconds(78)))
    }
}
