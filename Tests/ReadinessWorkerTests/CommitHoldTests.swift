import KafkaClient
import Testing
@testable import ReadinessWorker

/// The committer's hold after a commit refused because of a rebalance (librdkafka #4059).
@Suite struct CommitHoldTests {
    let start = ContinuousClock.now

    @Test func commitsWhileNoRebalanceRefusal() {
        var hold = CommitHold()
        let first = hold.decide(at: start)
        let timedOut = hold.commitFailed(.requestTimedOut, at: start)
        let unknown = hold.commitFailed(nil, at: start)
        let later = hold.decide(at: start + .seconds(1))
        #expect(first == .commit)
        #expect(!timedOut, "other errors are retried at once")
        #expect(!unknown)
        #expect(later == .commit)
    }

    @Test(arguments: [KafkaErrorCode.illegalGeneration, .rebalanceInProgress])
    func rebalanceRefusalHoldsUntilTheNextAssignment(_ code: KafkaErrorCode) {
        var hold = CommitHold()
        let began = hold.commitFailed(code, at: start)
        let soon = hold.decide(at: start + .milliseconds(200))
        let nearBound = hold.decide(at: start + .seconds(9))
        let held = hold.assigned(at: start + .seconds(3))
        let afterAssignment = hold.decide(at: start + .seconds(3))
        let unheld = hold.assigned(at: start + .seconds(4))
        #expect(began)
        #expect(soon == .hold)
        #expect(nearBound == .hold)
        #expect(held == .seconds(3))
        #expect(afterAssignment == .commit)
        #expect(unheld == nil, "an assignment without a hold changes nothing")
    }

    @Test func holdEndsAfterItsBoundWithoutAnAssignment() {
        var hold = CommitHold(maximum: .seconds(10))
        let began = hold.commitFailed(.illegalGeneration, at: start)
        let justBefore = hold.decide(at: start + .milliseconds(9999))
        let atBound = hold.decide(at: start + .seconds(10))
        let next = hold.decide(at: start + .seconds(10))
        #expect(began)
        #expect(justBefore == .hold)
        #expect(atBound == .resume(after: .seconds(10)))
        #expect(next == .commit, "resumed: no second report")
        #expect(hold.heldSince == nil)
    }

    @Test func aSecondRefusalDoesNotExtendTheHold() {
        var hold = CommitHold(maximum: .seconds(10))
        let began = hold.commitFailed(.rebalanceInProgress, at: start)
        let again = hold.commitFailed(.illegalGeneration, at: start + .seconds(8))
        let atBound = hold.decide(at: start + .seconds(10))
        #expect(began)
        #expect(!again)
        #expect(atBound == .resume(after: .seconds(10)))
    }

    @Test func defaultBoundIsTenSeconds() {
        #expect(CommitHold().maximum == .seconds(10))
    }
}
