import KafkaClient
import Synchronization
import Testing
@testable import ReadinessWorker

@Suite struct DeliveryLedgerTests {
    let partition = TopicPartition(topic: "requests", partition: 0)

    @Test func commitsOnlyTheContiguousAcknowledgedPrefix() {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [10, 11, 12]))
        ledger.apply([OutputBatchFixtures.success(tokens[1])])
        #expect(ledger.takeCommittable().isEmpty, "offset 10 is still unanswered")
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 0, offset: 12)])
        #expect(ledger.takeCommittable().isEmpty, "a position is handed out once")
        ledger.apply([OutputBatchFixtures.success(tokens[2])])
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 0, offset: 13)])
        #expect(ledger.inFlight == 0)
    }

    @Test func aFailedDeliveryIsHandedBackWithItsBytesAndBlocksTheCommit() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [0, 1]))
        ledger.apply([OutputBatchFixtures.failure(tokens[0]), OutputBatchFixtures.success(tokens[1])])
        #expect(ledger.takeCommittable().isEmpty)
        let failed = await ledger.takeFailed()
        #expect(failed.count == 1)
        #expect(failed.first?.token == tokens[0])
        #expect(failed.first?.attempts == 2)
        #expect(failed.first.map { output in output.batch.withOutput(output.index) { _, value, _ in value.text } } == "value-0")
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 0, offset: 2)])
    }

    @Test func reportsForUnknownOrStaleTokensAreIgnored() {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [5]))
        ledger.apply([OutputBatchFixtures.success(tokens[0] &+ (1 << 32)), OutputBatchFixtures.success(999)])
        #expect(ledger.inFlight == 1)
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        #expect(ledger.inFlight == 0)
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 0, offset: 6)])
    }

    @Test func intakeWaitsForCapacityUntilDeliveriesFreeRoom() async {
        let ledger = DeliveryLedger(maximumInFlight: 2)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [0, 1]))
        let resumed = Flag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await ledger.waitForCapacity(1)
                resumed.set()
            }
            while ledger.capacityWaiterCount == 0 { await Task.yield() }
            #expect(!resumed.isSet, "the ledger is full: intake must wait")
            ledger.apply([OutputBatchFixtures.success(tokens[0])])
            await group.waitForAll()
        }
        #expect(resumed.isSet)
        #expect(ledger.inFlight == 1)
    }

    @Test func forgettingRevokedPartitionsDropsTheirOutputsAndReleasesDrainWaiters() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let revoked = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [0, 1]))
        let kept = ledger.register(OutputBatchFixtures.batch(partition: 2, offsets: [0]))
        ledger.forget([TopicPartition(topic: "requests", partition: 1)])
        #expect(ledger.inFlight == 1)
        ledger.apply(revoked.map(OutputBatchFixtures.success))
        #expect(ledger.takeCommittable().isEmpty, "a forgotten partition is never committed")
        ledger.apply(kept.map(OutputBatchFixtures.success))
        await ledger.waitUntilDrained([TopicPartition(topic: "requests", partition: 2)])
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 2, offset: 1)])
    }

    /// Registers a new batch of partition 1 and returns its tokens with a weak view of the batch,
    /// so that only the ledger holds it.
    private static func registerWatched(_ ledger: DeliveryLedger, offsets: [Int64]) -> ([UInt64], WeakBatch) {
        let batch = OutputBatchFixtures.batch(partition: 1, offsets: offsets)
        return (ledger.register(batch), WeakBatch(batch))
    }

    final class WeakBatch {
        weak var batch: OutputBatch?
        init(_ batch: OutputBatch) { self.batch = batch }
    }

    @Test func aForgottenOutputKeepsItsBatchAliveUntilItsDeliveryReportAndIsNotRetried() {
        // Values are lent to librdkafka until their delivery report: a revocation must not free them.
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let (tokens, watched) = Self.registerWatched(ledger, offsets: [0, 1])
        ledger.forget([TopicPartition(topic: "requests", partition: 1)])
        #expect(ledger.inFlight == 0, "forgotten outputs no longer count as in flight")
        #expect(watched.batch != nil, "librdkafka may still read both outputs")
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        #expect(watched.batch != nil, "the second output is still lent")
        ledger.apply([OutputBatchFixtures.failure(tokens[1])])
        #expect(watched.batch == nil, "both outputs were reported: the batch is released")
        #expect(ledger.takeFailedNow().isEmpty, "a forgotten output is not produced again")
        #expect(ledger.failingCount == 0)
        #expect(ledger.takeCommittable().isEmpty)
    }

    @Test func aForgottenOutputWhoseFailureWasReportedIsReleasedInsteadOfRetried() {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let (tokens, watched) = Self.registerWatched(ledger, offsets: [0])
        ledger.apply([OutputBatchFixtures.failure(tokens[0])])
        ledger.forget([TopicPartition(topic: "requests", partition: 1)])
        #expect(watched.batch != nil, "kept until the retrier would take it")
        #expect(ledger.takeFailedNow().isEmpty, "a forgotten output is not produced again")
        #expect(watched.batch == nil, "librdkafka no longer holds it: released")
        ledger.apply([OutputBatchFixtures.success(tokens[0])])
        #expect(ledger.inFlight == 0, "a late report for a released slot is ignored")
    }

    @Test func failuresOfForgottenOutputsAloneDoNotEndTheRetriersWait() async {
        // An empty round means "closed" to the retrier: stale failures must not produce one.
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let revoked = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [0]))
        ledger.apply([OutputBatchFixtures.failure(revoked[0])])
        ledger.forget([TopicPartition(topic: "requests", partition: 1)])
        let kept = ledger.register(OutputBatchFixtures.batch(partition: 2, offsets: [5]))
        let returned = Flag()
        let taker = Task {
            defer { returned.set() }
            return await ledger.takeFailed()
        }
        while !ledger.isWaitingForFailures && !returned.isSet { await Task.yield() }
        #expect(!returned.isSet, "only a forgotten output had failed: the retrier keeps waiting")
        ledger.apply([OutputBatchFixtures.failure(kept[0])])
        #expect(await taker.value.map(\.token) == [kept[0]])
    }

    @Test func aPartitionForgottenWithoutCommitIsOfferedBackAtItsAnsweredPositionOnce() async {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let lost = TopicPartition(topic: "requests", partition: 1)
        let committed = TopicPartition(topic: "requests", partition: 2)
        let tokens = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [40, 41, 42]))
        let others = ledger.register(OutputBatchFixtures.batch(partition: 2, offsets: [7]))
        ledger.apply([tokens[0], tokens[1], others[0]].map(OutputBatchFixtures.success))
        let origin = KafkaLogOrigin(clusterID: "cluster-a", low: 0, high: 43)
        ledger.forget([lost], rememberingAnswered: true, origins: [lost: origin])
        ledger.forget([committed])
        #expect(ledger.startCandidates([lost, committed])
                    == [KafkaStartCandidate(position: TopicPartitionOffset(topic: "requests", partition: 1, offset: 42), origin: origin)],
                "only the partition forgotten without a commit, at its answered position (offset 42 was unanswered), with its log")
        #expect(ledger.startCandidates([lost]).isEmpty, "a position is offered once")

        // The consumer starts the partition there: the position is committed as progress, then advances.
        ledger.resume(at: [TopicPartitionOffset(topic: "requests", partition: 1, offset: 42)])
        await ledger.waitForProgress()
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 1, offset: 42)])
        let next = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [42]))
        ledger.apply(next.map(OutputBatchFixtures.success))
        #expect(ledger.takeCommittable() == [TopicPartitionOffset(topic: "requests", partition: 1, offset: 43)])
    }

    @Test func closingReleasesEveryWaiter() async {
        let ledger = DeliveryLedger(maximumInFlight: 1)
        _ = ledger.register(OutputBatchFixtures.batch(offsets: [0]))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await ledger.waitForCapacity(1) }
            group.addTask { await ledger.waitUntilDrained([self.partition]) }
            group.addTask { _ = await ledger.takeFailed() }
            ledger.close()
            await group.waitForAll()
        }
        #expect(ledger.isClosed)
    }
}

/// A flag set by one task and read by another.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
