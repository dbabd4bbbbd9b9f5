import Testing

@testable import KafkaClient

@Suite("Consumer fetch control state")
struct ConsumerStateMachineTests {
    private let p0 = TopicPartition(topic: "t", partition: 0)
    private let p1 = TopicPartition(topic: "t", partition: 1)

    @Test("application pauses and resumes wait for the poll thread, in call order, and are taken once")
    func deferredInOrder() {
        var state = ConsumerStateMachine()
        _ = state.assigned([p0, p1])
        state.deferFetch(state.pause([p0]))
        state.deferFetch(state.resume([p0]))
        state.deferFetch(state.pause([p1]))
        #expect(state.takeDeferredFetchActions() == [.pause([p0]), .resume([p0]), .pause([p1])])
        #expect(state.takeDeferredFetchActions().isEmpty)
    }

    @Test("while throttled an application pause is recorded but not queued; unthrottling leaves it paused")
    func throttledPause() {
        var state = ConsumerStateMachine()
        _ = state.assigned([p0, p1])
        guard case .pause(let throttled) = state.throttle() else {
            Issue.record("throttling must pause the flowing partitions")
            return
        }
        #expect(Set(throttled) == [p0, p1])
        state.deferFetch(state.pause([p0]))
        #expect(state.takeDeferredFetchActions().isEmpty)
        #expect(state.unthrottle() == .resume([p1]))
    }

    @Test("pauses of partitions that are not assigned are ignored; closing drops queued actions")
    func unassignedAndClosed() {
        var state = ConsumerStateMachine()
        _ = state.assigned([p0])
        state.deferFetch(state.pause([p1]))
        #expect(state.takeDeferredFetchActions().isEmpty)
        state.deferFetch(state.pause([p0]))
        _ = state.requestClose()
        #expect(state.closed() == .destroy, "a manual assignment joins no group")
        #expect(state.takeDeferredFetchActions().isEmpty)
    }

    /// librdkafka 2.0.2 #4312: destroying a cooperative-sticky member whose JoinGroup was answered but
    /// whose first SyncGroup was not aborts the process; the handle is left undestroyed then.
    @Test("a subscribed consumer closed before any group assignment is not destroyed; once assigned, it is")
    func handleDisposal() {
        var joining = ConsumerStateMachine()
        joining.subscribed()
        _ = joining.requestClose()
        #expect(joining.closed() == .abandon)

        var assigned = ConsumerStateMachine()
        assigned.subscribed()
        assigned.groupAssigned()
        _ = assigned.assigned([])
        _ = assigned.requestClose()
        #expect(assigned.closed() == .destroy, "an assignment, even an empty one, means the assignor's state exists")

        var resubscribed = ConsumerStateMachine()
        resubscribed.subscribed()
        resubscribed.groupAssigned()
        resubscribed.subscribed()
        #expect(resubscribed.closed() == .destroy, "subscribing again does not undo the first assignment")
    }

    /// librdkafka keeps a partition's pause across unassign and a later assign: a partition revoked
    /// while paused must be resumed before it is unassigned, or it never fetches when assigned back.
    @Test("revoking partitions paused for back-pressure resumes them in librdkafka; unthrottling then leaves them alone")
    func revokedWhileThrottled() {
        var state = ConsumerStateMachine()
        _ = state.assigned([p0, p1])
        _ = state.throttle()
        #expect(state.revoked([p1]) == .resume([p1]))
        #expect(state.unthrottle() == .resume([p0]))
        #expect(state.assigned([p1]) == .none)
    }

    @Test("revoking a partition the application paused resumes it in librdkafka; a flowing one needs nothing")
    func revokedWhilePausedByApplication() {
        var state = ConsumerStateMachine()
        _ = state.assigned([p0, p1])
        state.deferFetch(state.pause([p0]))
        _ = state.takeDeferredFetchActions()
        #expect(state.revoked([p1]) == .none)
        #expect(state.revoked([p0]) == .resume([p0]))
        #expect(state.revoked([p0]) == .none)  // no longer assigned
    }

    @Test("a refetch resumes only assigned partitions this state says are fetching, and changes nothing here")
    func refetchResumesOnlyFetchingPartitions() {
        var state = ConsumerStateMachine()
        let p2 = TopicPartition(topic: "t", partition: 2)
        _ = state.assigned([p0, p1])
        state.deferFetch(state.pause([p1]))
        _ = state.takeDeferredFetchActions()
        #expect(state.refetch([p0, p1, p2]) == .resume([p0]), "p1 is paused by the application, p2 is not assigned")
        #expect(state.refetch([p1, p2]) == .none)
        _ = state.throttle()
        #expect(state.refetch([p0]) == .none, "while throttled nothing should fetch")
        #expect(state.unthrottle() == .resume([p0]), "the refetch did not change what this state holds")
        #expect(state.resume([p1]) == .resume([p1]))
    }
}
