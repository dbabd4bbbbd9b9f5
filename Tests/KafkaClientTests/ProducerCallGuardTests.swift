import Foundation
import Synchronization
import Testing

@testable import KafkaClient

@Suite("Producer call guard")
struct ProducerCallGuardTests {
    /// The producer destroys its librdkafka handle right after `closeAndWait()` returns, so it
    /// must not return while a produce call is still using the handle.
    @Test("closing waits for the produce call under way, and refuses new ones at once")
    func closeWaitsForCallsUnderWay() async throws {
        let calls = ProducerCallGuard()
        #expect(calls.enter())
        let closed = Atomic<Bool>(false)
        let closer = Thread {
            calls.closeAndWait()
            closed.store(true, ordering: .sequentiallyConsistent)
        }
        closer.start()
        // The closer has begun once new calls are refused.
        try await TestSupport.waitUntil("the guard refuses new calls") { !Self.tryEnter(calls) }
        let closedEarly = closed.load(ordering: .sequentiallyConsistent)
        #expect(!closedEarly, "close returned while a call was under way")
        calls.leave()
        try await TestSupport.waitUntil("close returns after the last call left") { closed.load(ordering: .sequentiallyConsistent) }
    }

    @Test("refusing new calls does not wait, and calls already under way may still leave")
    func refuseWithoutWaiting() {
        let calls = ProducerCallGuard()
        #expect(calls.enter())
        calls.refuseNewCalls()
        #expect(!calls.enter())
        calls.leave()
        calls.closeAndWait()  // nothing under way: returns at once
        #expect(!calls.enter())
    }

    /// Enters and leaves at once; `false` when refused.
    private static func tryEnter(_ calls: ProducerCallGuard) -> Bool {
        guard calls.enter() else { return false }
        calls.leave()
        return true
    }
}
