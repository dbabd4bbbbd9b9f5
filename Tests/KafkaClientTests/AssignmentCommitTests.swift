import Testing

@testable import KafkaClient

@Suite("A commit requested for the next assignment")
struct AssignmentCommitTests {
    let offsets = [TopicPartitionOffset(topic: "t", partition: 0, offset: 5)]

    @Test("armed, taken once by the poll thread, its outcome read once")
    func servedOnce() {
        let commit = AssignmentCommit()
        #expect(commit.take() == nil, "nothing armed")
        commit.arm(offsets)
        #expect(commit.takeOutcome() == nil, "not made yet")
        commit.arm(offsets)
        #expect(commit.take() == offsets)
        #expect(commit.take() == nil, "made once")
        commit.record(.success(()))
        if case .success = commit.takeOutcome() {} else { Issue.record("the outcome is success") }
        #expect(commit.takeOutcome() == nil, "read once")
    }

    @Test("reading the outcome before the assignment withdraws the request")
    func withdrawn() {
        let commit = AssignmentCommit()
        commit.arm(offsets)
        #expect(commit.takeOutcome() == nil)
        #expect(commit.take() == nil, "withdrawn: the next assignment commits nothing")
        commit.arm([])
        #expect(commit.take() == nil, "an empty request arms nothing")
    }
}
