import KafkaClient
import Testing
@testable import ReadinessWorker

/// The ledger's token packing and its one cancellable wait, used by every waiting call.
@Suite(.timeLimit(.minutes(1))) struct DeliveryLedgerWaitTests {
    @Test func tokenPacksSlotAndGeneration() {
        let token = DeliveryToken(slot: 7, generation: 3)
        #expect(token.rawValue == 3 << 32 | 7)
        #expect(DeliveryToken(rawValue: token.rawValue) == token)
        #expect(token.slot == 7 && token.generation == 3)
        let widest = DeliveryToken(slot: Int(UInt32.max), generation: .max)
        #expect(widest.slot == Int(UInt32.max) && widest.generation == .max)
    }

    @Test func aReusedSlotIgnoresTheReportOfItsEarlierOutput() {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let first = ledger.register(OutputBatchFixtures.batch(offsets: [0]))
        ledger.apply([OutputBatchFixtures.success(first[0])])
        let second = ledger.register(OutputBatchFixtures.batch(offsets: [1]))
        #expect(DeliveryToken(rawValue: second[0]).slot == DeliveryToken(rawValue: first[0]).slot)
        ledger.apply([OutputBatchFixtures.success(first[0])])
        #expect(ledger.inFlight == 1, "a stale token acknowledges nothing")
    }

    @Test func waitingForFailuresEndsWhenCancelled() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let task = Task { await ledger.takeFailed() }
        while !ledger.isWaitingForFailures { await Task.yield() }
        task.cancel()
        #expect(await task.value.isEmpty)
        #expect(!ledger.isWaitingForFailures, "the cancelled waiter took its continuation back")
    }

    @Test func waitingForProgressEndsWhenCancelled() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let task = Task { await ledger.waitForProgress() }
        await Task.yield()
        task.cancel()
        await task.value
        #expect(!ledger.isClosed)
    }

    @Test func progressWakesEveryProgressWaiter() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [0]))
        async let first: Void = ledger.waitForProgress()
        async let second: Void = ledger.waitForProgress()
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        _ = await (first, second)
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 0, offset: 1)])
    }
}
