import KafkaClient
import Testing
@testable import ReadinessWorker

/// The commit policy: the committer's hold after a commit refused because of a rebalance
/// (librdkafka #4059), retries, the stop commit's attempts and the refusal set.
@Suite struct CommitPolicyTests {
    let start = ContinuousClock.now

    @Test func commitsWhileNoRebalanceRefusal() {
        var policy = CommitPolicy()
        let first = policy.decide(at: start)
        let timedOut = policy.commitFailed(.requestTimedOut, final: false, at: start)
        let unknown = policy.commitFailed(nil, final: false, at: start)
        let later = policy.decide(at: start + .seconds(1))
        #expect(first == .commit)
        #expect(timedOut == .retry, "other errors are retried at the next round")
        #expect(unknown == .retry)
        #expect(later == .commit)
    }

    @Test(arguments: [KafkaErrorCode.illegalGeneration, .rebalanceInProgress, .unknownMemberID])
    func rebalanceRefusalHoldsUntilTheNextAssignment(_ code: KafkaErrorCode) {
        var policy = CommitPolicy()
        let began = policy.commitFailed(code, final: false, at: start)
        let soon = policy.decide(at: start + .milliseconds(200))
        let nearBound = policy.decide(at: start + .seconds(9))
        let held = policy.assigned(at: start + .seconds(3))
        let afterAssignment = policy.decide(at: start + .seconds(3))
        let unheld = policy.assigned(at: start + .seconds(4))
        #expect(began == .hold(atMost: .seconds(10)))
        #expect(soon == .hold)
        #expect(nearBound == .hold)
        #expect(held == .seconds(3))
        #expect(afterAssignment == .commit)
        #expect(unheld == nil, "an assignment without a hold changes nothing")
    }

    @Test func holdEndsAfterItsBoundWithoutAnAssignment() {
        var policy = CommitPolicy(maximumHold: .seconds(10))
        let began = policy.commitFailed(.illegalGeneration, final: false, at: start)
        let justBefore = policy.decide(at: start + .milliseconds(9999))
        let atBound = policy.decide(at: start + .seconds(10))
        let next = policy.decide(at: start + .seconds(10))
        #expect(began == .hold(atMost: .seconds(10)))
        #expect(justBefore == .hold)
        #expect(atBound == .resume(after: .seconds(10)))
        #expect(next == .commit, "resumed: no second report")
        #expect(policy.heldSince == nil)
    }

    @Test func aSecondRefusalDoesNotExtendTheHold() {
        var policy = CommitPolicy(maximumHold: .seconds(10))
        let began = policy.commitFailed(.rebalanceInProgress, final: false, at: start)
        let again = policy.commitFailed(.illegalGeneration, final: false, at: start + .seconds(8))
        let atBound = policy.decide(at: start + .seconds(10))
        #expect(began == .hold(atMost: .seconds(10)))
        #expect(again == .retry)
        #expect(atBound == .resume(after: .seconds(10)))
    }

    @Test func finalCommitsAreNeverHeld() {
        var policy = CommitPolicy()
        let refused = policy.commitFailed(.illegalGeneration, final: true, at: start)
        #expect(refused == .final)
        #expect(policy.heldSince == nil)
        #expect(policy.decide(at: start) == .commit)
    }

    @Test func refusalSetIsTheUnionOfBothFormerLists() {
        #expect(CommitPolicy.rebalanceRefusals == [.illegalGeneration, .rebalanceInProgress, .unknownMemberID])
        #expect(!CommitPolicy.isRebalanceRefusal(nil))
        #expect(!CommitPolicy.isRebalanceRefusal(.requestTimedOut))
    }

    @Test(arguments: [KafkaErrorCode.illegalGeneration, .rebalanceInProgress, .unknownMemberID])
    func stopCommitIsMadeAgainAfterARebalanceRefusal(_ code: KafkaErrorCode) {
        #expect(CommitPolicy.stopCommitFailed(code, attempt: 1) == .commitAfterRebalance)
        #expect(CommitPolicy.stopCommitFailed(code, attempt: 2) == .commitAfterRebalance)
        #expect(CommitPolicy.stopCommitFailed(code, attempt: 3) == .giveUp, "at most three stop commits")
    }

    @Test func stopCommitGivesUpOnOtherErrors() {
        #expect(CommitPolicy.stopCommitFailed(.requestTimedOut, attempt: 1) == .giveUp)
        #expect(CommitPolicy.stopCommitFailed(nil, attempt: 1) == .giveUp)
    }

    @Test func defaultBoundIsTenSeconds() {
        #expect(CommitPolicy().maximumHold == .seconds(10))
    }
}
