import ReadinessContract
import Testing
@testable import ReadinessFleet

@Suite struct FleetCollectorTests {
    let ready = FleetFixtures.response(.ready)

    @Test func sendsAWindowAndRefillsWhenHalfOfItIsAnswered() {
        var collector = FleetCollector(count: 10, window: 4)
        #expect(collector.start() == .send(0..<4))
        #expect(collector.start() == .none)
        #expect(collector.record(index: 0, answer: ready) == (.recorded, .none))   // 3 outstanding > 2
        #expect(collector.record(index: 2, answer: ready) == (.recorded, .send(4..<6)))  // 2 outstanding: refill to 4
        #expect(collector.outstandingCount == 4)
        #expect(collector.phase == .sending)
        #expect(collector.record(index: 1, answer: ready).1 == .none)
        #expect(collector.record(index: 3, answer: ready).1 == .send(6..<8))
        #expect(collector.record(index: 4, answer: ready).1 == .none)
        #expect(collector.record(index: 5, answer: ready).1 == .send(8..<10))
        #expect(collector.phase == .awaitingAnswers)
        #expect(collector.record(index: 6, answer: ready).1 == .none)
        for index in [7, 8] { #expect(collector.record(index: index, answer: ready).1 == .none) }
        #expect(collector.record(index: 9, answer: FleetFixtures.rejection).1 == .finish(.allAnswered))
        #expect(collector.completion == .allAnswered)
        #expect(collector.record(index: 9, answer: ready) == (.late, .none))
    }

    @Test func repeatedAnswersAreCountedOnceAndTheFirstWins() {
        var collector = FleetCollector(count: 2, window: 10)
        _ = collector.start()
        _ = collector.record(index: 0, answer: FleetFixtures.response(.blocked))
        #expect(collector.record(index: 0, answer: ready) == (.duplicate, .none))
        #expect(collector.duplicateCount == 1)
        #expect(collector.settledCount == 1)
        #expect(collector.outcomes[0] == .answered(FleetAnswer.Response(
            readinessStatus: .blocked, catalogStatus: .ready, latestCatalogVersion: "catalog-1", blockers: [],
            registryRevision: "rev-1")))
    }

    @Test func answersForRequestsNotSentYetAreForeign() {
        var collector = FleetCollector(count: 10, window: 2)
        _ = collector.start()
        #expect(collector.record(index: 7, answer: ready) == (.foreign, .none))
        collector.foreignAnswerSeen()
        #expect(collector.foreignCount == 2)
        #expect(collector.settledCount == 0)
    }

    @Test func deadlineEndsTheRunAndLeavesTheRestUnanswered() {
        var collector = FleetCollector(count: 3, window: 10)
        _ = collector.start()
        _ = collector.record(index: 1, answer: ready)
        #expect(collector.deadlinePassed() == .finish(.timedOut))
        #expect(collector.deadlinePassed() == .none)
        #expect(collector.interrupted() == .none)
        #expect(collector.outcomes[0] == .unanswered)
        #expect(collector.outcomes[2] == .unanswered)
    }

    @Test func failedDeliveriesSettleTheirRequest() {
        var collector = FleetCollector(count: 2, window: 10)
        _ = collector.start()
        #expect(collector.deliveryFailed(index: 0, reason: "broker down") == .none)
        #expect(collector.outcomes[0] == .notSent("broker down"))
        #expect(collector.record(index: 0, answer: ready) == (.duplicate, .none))
        #expect(collector.record(index: 1, answer: ready).1 == .finish(.allAnswered))
    }

    @Test func interruptionFinishes() {
        var collector = FleetCollector(count: 2, window: 1)
        #expect(collector.start() == .send(0..<1))
        #expect(collector.interrupted() == .finish(.interrupted))
        #expect(collector.record(index: 0, answer: ready) == (.late, .none))
    }

    @Test func anEmptyPlanIsDoneAtOnce() {
        var collector = FleetCollector(count: 0, window: 5)
        #expect(collector.start() == .finish(.allAnswered))
    }

    @Test func windowOfOneSendsOneAtATime() {
        var collector = FleetCollector(count: 3, window: 1)
        #expect(collector.start() == .send(0..<1))
        #expect(collector.record(index: 0, answer: ready).1 == .send(1..<2))
        #expect(collector.record(index: 1, answer: ready).1 == .send(2..<3))
        #expect(collector.record(index: 2, answer: ready).1 == .finish(.allAnswered))
    }
}
