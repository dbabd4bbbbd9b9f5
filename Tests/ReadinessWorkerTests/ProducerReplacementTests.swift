import KafkaClient
import Logging
import Synchronization
import Testing
@testable import ReadinessWorker

/// The retrier's replacement round (``OutputProducer``) and the gate that holds back new produce calls.
@Suite(.timeLimit(.minutes(1)))
struct ProducerReplacementTests {
    /// Records what a round did, in order.
    final class Recorder: Sendable {
        let events = Mutex<[String]>([])
        func record(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
    }

    static var logger: Logger {
        var logger = Logger(label: "producer-replacement-tests")
        logger.logLevel = .critical
        return logger
    }

    /// Producers that never connect (nothing is produced to them here), each creation recorded;
    /// `onCreate` runs before each one after the first is created, i.e. after the previous one was closed.
    static func output(creations: Recorder, onCreate: @escaping @Sendable () -> Void = {}) throws -> OutputProducer {
        try OutputProducer { () throws(KafkaError) in
            if !creations.all.isEmpty { onCreate() }
            creations.record("created")
            return try KafkaProducer(
                configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:9"), logger: logger,
                onDeliveryReports: { _ in })
        }
    }

    static func failure(_ token: UInt64) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .failure(.rdkafka(operation: "produce", code: .gaplessGuarantee, detail: nil)))
    }

    static func waitUntil(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test func aUsableProducerIsKeptAndTheFailedOutputsAreProducedAgainInInputOrder() async throws {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let first = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [10, 11]))
        let second = ledger.register(OutputBatchFixtures.batch(partition: 0, offsets: [0, 1]))
        ledger.apply([Self.failure(first[1]), Self.failure(second[1]), Self.failure(first[0]), Self.failure(second[0])])
        let creations = Recorder()
        let output = try Self.output(creations: creations)
        let kept = output.current
        let produced = Mutex<[(partition: Int32, offset: Int64, producer: ObjectIdentifier)]>([])
        let round = await output.reproduce(ledger.takeFailedNow(), ledger: ledger, pause: Duration.zero) { failed, producer in
            produced.withLock { $0.append((failed.source.partition, failed.sourceOffset, ObjectIdentifier(producer))) }
        }
        let order = produced.withLock { $0 }
        #expect(order.map(\.partition) == [0, 0, 1, 1])
        #expect(order.map(\.offset) == [0, 1, 10, 11])
        #expect(creations.all.count == 1, "no replacement: the producer is neither fatal nor closed")
        #expect(!round.replaced && round.fatalError == nil && round.replacementError == nil)
        #expect(order.allSatisfy { $0.producer == ObjectIdentifier(kept) } && output.current === kept)
        #expect(output.gate.isOpen)
        await output.close()
    }

    @Test func aClosedProducerIsReplacedAndTheFailedOutputsAreProducedAgainWithTheNewOneInInputOrder() async throws {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let first = ledger.register(OutputBatchFixtures.batch(partition: 1, offsets: [10, 11, 12, 13]))
        let second = ledger.register(OutputBatchFixtures.batch(partition: 0, offsets: [0, 1, 2]))
        // Reported out of order; the last two arrive while the old producer closes.
        ledger.apply([Self.failure(first[2]), Self.failure(second[1]), Self.failure(first[0]), Self.failure(second[2])])
        let failed = ledger.takeFailedNow()
        let creations = Recorder()
        let output = try Self.output(creations: creations) {
            ledger.apply([Self.failure(first[1]), Self.failure(second[0])])
        }
        let old = output.current
        // Unusable from here on, like a fatal one (a fatal error cannot be injected without a broker).
        await old.close()
        let produced = Mutex<[(partition: Int32, offset: Int64, producer: ObjectIdentifier)]>([])
        let round = await output.reproduce(failed, ledger: ledger, pause: Duration.zero) { failed, producer in
            produced.withLock { $0.append((failed.source.partition, failed.sourceOffset, ObjectIdentifier(producer))) }
        }
        let order = produced.withLock { $0 }
        #expect(order.map(\.partition) == [0, 0, 0, 1, 1, 1])
        #expect(order.map(\.offset) == [0, 1, 2, 10, 11, 12])
        #expect(creations.all.count == 2, "one replacement")
        #expect(order.allSatisfy { $0.producer == ObjectIdentifier(output.current) && $0.producer != ObjectIdentifier(old) })
        #expect(round.reproduced == 6)
        #expect(round.replaced)
        #expect(round.replacementError == nil)
        #expect(round.fatalError == nil)
        #expect(ledger.takeFailedNow().isEmpty)
        await output.close()
    }

    @Test func newProduceCallsWaitUntilTheFailedOutputsWereProducedAgain() async throws {
        let ledger = DeliveryLedger(maximumInFlight: 100)
        let tokens = ledger.register(OutputBatchFixtures.batch(offsets: [0, 1, 2]))
        ledger.apply(tokens.map(Self.failure))
        let output = try Self.output(creations: Recorder())
        let recorder = Recorder()
        let lane = Mutex<Task<Void, Never>?>(nil)
        let round = await output.reproduce(ledger.takeFailedNow(), ledger: ledger, pause: Duration.zero) { failed, _ in
            recorder.record("gate \(output.gate.isOpen ? "open" : "closed"): offset \(failed.sourceOffset)")
            if failed.sourceOffset == 0 {
                // A processing lane with a younger output arrives during the round.
                lane.withLock {
                    $0 = Task {
                        guard await output.gate.enter() else { return recorder.record("lane cancelled") }
                        recorder.record("lane produces offset 3")
                        output.gate.leave()
                    }
                }
                await Self.waitUntil { output.gate.waitingCount == 1 }
            }
        }
        await lane.withLock { $0 }?.value
        #expect(round.reproduced == 3)
        #expect(recorder.all == [
            "gate closed: offset 0", "gate closed: offset 1", "gate closed: offset 2", "lane produces offset 3",
        ])
        #expect(output.gate.isOpen)
        #expect(output.gate.activeCount == 0)
        await output.close()
    }

    @Test func closingTheGateWaitsForProduceCallsUnderWay() async {
        let gate = OutputProducerGate()
        #expect(await gate.enter())
        let closed = Mutex(false)
        let closer = Task {
            await gate.close()
            closed.withLock { $0 = true }
        }
        await Self.waitUntil { gate.closeWaiterCount == 1 }
        #expect(!gate.isOpen)
        #expect(!closed.withLock { $0 }, "close waits while a produce call is under way")
        gate.leave()
        await closer.value
        #expect(closed.withLock { $0 })
        gate.open()
        #expect(await gate.enter(), "an open gate lets calls through at once")
        gate.leave()
    }

    @Test func aCallCancelledAtTheClosedGateDoesNotProduce() async {
        let gate = OutputProducerGate()
        await gate.close()
        let waiter = Task { await gate.enter() }
        await Self.waitUntil { gate.waitingCount == 1 }
        waiter.cancel()
        #expect(await waiter.value == false)
        #expect(gate.activeCount == 0)
        #expect(gate.waitingCount == 0)
        gate.open()
        #expect(gate.activeCount == 0)
    }
}
