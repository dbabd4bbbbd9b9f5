import KafkaClient
import Testing
@testable import ReadinessWorker

/// The ledger's record of failing outputs, and its commit positions under failures.
@Suite struct DeliveryLedgerFailureTests {
    let partition = TopicPartition(topic: "requests", partition: 0)

    func outputs(_ offsets: [Int64]) -> OutputBatch {
        OutputBatchFixtures.batch(topic: partition.topic, partition: partition.partition, offsets: offsets)
    }

    func failure(_ token: UInt64) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .failure(.rdkafka(operation: "produce", code: KafkaErrorCode(rawValue: 29), detail: nil)))
    }

    func success(_ token: UInt64) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .success(.init(partition: 0, offset: 0)))
    }

    @Test func failingOutputsHoldTheCommitPositionUntilDelivered() {
        let ledger = DeliveryLedger(maximumInFlight: 10)
        let tokens = ledger.register(outputs([0, 1, 2]))
        ledger.apply([failure(tokens[0]), success(tokens[1]), success(tokens[2])])
        #expect(ledger.failingCount == 1)
        #expect(ledger.failingSince != nil)
        #expect(ledger.lastFailure?.contains("TOPIC_AUTHORIZATION_FAILED") == true)
        #expect(ledger.takeCommittable().isEmpty, "nothing committed past the failing offset 0")

        ledger.apply([failure(tokens[0])])
        #expect(ledger.failingCount == 1, "a second failure of the same output counts once")
        ledger.apply([success(tokens[0])])
        #expect(ledger.failingCount == 0)
        #expect(ledger.failingSince == nil)
        #expect(ledger.takeCommittable().map(\.offset) == [3])
    }

    @Test func purgesAfterAFatalErrorKeepTheTellingLastError() {
        let ledger = DeliveryLedger(maximumInFlight: 10)
        let tokens = ledger.register(outputs([0, 1, 2, 3]))
        ledger.apply([KafkaDeliveryReport(token: tokens[1], result: .failure(.rdkafka(
            operation: "produce", code: .purgedFromQueue, detail: nil)))])
        #expect(ledger.lastFailure?.contains("_PURGE_QUEUE") == true, "the only error so far")
        ledger.apply([failure(tokens[0])])
        ledger.apply([
            KafkaDeliveryReport(token: tokens[1], result: .failure(.rdkafka(operation: "produce", code: .purgedFromQueue, detail: nil))),
            KafkaDeliveryReport(token: tokens[2], result: .failure(.rdkafka(operation: "produce to responses", code: .gaplessGuarantee, detail: nil))),
            KafkaDeliveryReport(token: tokens[3], result: .failure(.cancelled(operation: "produce"))),
        ])
        #expect(ledger.lastFailure?.contains("TOPIC_AUTHORIZATION_FAILED") == true)
        #expect(ledger.failingCount == 4)
    }

    @Test func forgettingRevokedPartitionsClearsTheirFailures() {
        let ledger = DeliveryLedger(maximumInFlight: 10)
        let tokens = ledger.register(outputs([0]))
        ledger.apply([failure(tokens[0])])
        ledger.forget([partition])
        #expect(ledger.failingCount == 0)
        #expect(ledger.failingSince == nil)
    }

    @Test func capacityWaitEndsWhenCancelled() async {
        let ledger = DeliveryLedger(maximumInFlight: 1)
        _ = ledger.register(outputs([0]))
        let waiter = Task { await ledger.waitForCapacity(1) }
        waiter.cancel()
        await waiter.value
        #expect(ledger.inFlight == 1, "the wait ended without capacity being freed")
    }
}
