import Foundation
import Logging
import ReadinessRegistry
import ServiceLifecycle
import Testing
@testable import KafkaClient
@testable import ReadinessWorker

/// The pipeline's intake watch against an embedded broker: an assigned partition that librdkafka
/// no longer fetches, while requests wait on it, is reported and fetched again.
@Suite(.timeLimit(.minutes(2)))
struct IntakeWatchTests {
    static var logger: Logger {
        var logger = Logger(label: "intake-watch-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }

    static let snapshotPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/registry.json").path

    /// Polls `condition` every 20 ms until it holds; fails the test after `timeout`.
    static func waitUntil(_ description: String, timeout: Duration = .seconds(30),
                          _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(description)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// With `answeredFirst`, partition 0 has answered (and committed) requests before it goes silent;
    /// without, it has neither, and the watch judges it from its low watermark (the consumer starts there).
    @Test(arguments: [true, false])
    func aPartitionLibrdkafkaStoppedFetchingIsReportedAndFetchedAgain(answeredFirst: Bool) async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Self.logger)
        let suffix = UInt32.random(in: 0...UInt32.max)
        let requests = "requests-\(suffix)"
        for (topic, partitions) in [(requests, 2), ("responses-\(suffix)", 1), ("rejections-\(suffix)", 1)] {
            try await cluster.createTopic(topic, partitions: partitions)
        }
        let common = ["bootstrap.servers": cluster.bootstrapServers, "fetch.wait.max.ms": "10"]
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(common.merging([
                "group.id": "intake-watch-\(suffix)", "auto.offset.reset": "earliest",
                "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
            ]) { $1 }),
            logger: Self.logger)
        let ledger = DeliveryLedger(maximumInFlight: 1000)
        let output = try OutputProducer { () throws(KafkaError) in
            try KafkaProducer(configuration: KafkaConfiguration(common), logger: Self.logger,
                              onDeliveryReports: { ledger.apply($0) })
        }
        let pipeline = ReadinessPipeline(
            configuration: PipelineConfiguration(
                requestsTopic: requests, responsesTopic: "responses-\(suffix)", rejectionsTopic: "rejections-\(suffix)",
                commitInterval: .milliseconds(50), intakeStallAfter: .seconds(2), uncommittedStartsAtEarliest: true),
            consumer: consumer, output: output, ledger: ledger,
            snapshots: SnapshotStore(try SnapshotLoader.load(path: Self.snapshotPath)), logger: Self.logger)
        let sender = try KafkaProducer(configuration: KafkaConfiguration(common), logger: Self.logger,
                                       onDeliveryReports: { _ in })
        func send(_ count: Int, to partition: Int32) async throws {
            for index in 0..<count {
                try await sender.send(topic: requests, partition: partition, key: nil, value: Array("request \(index)".utf8),
                                      token: UInt64(index))
            }
        }
        let health = pipeline.health
        let p0 = TopicPartition(topic: requests, partition: 0)
        let services = ServiceGroup(services: [pipeline], logger: Self.logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            let before = answeredFirst ? 5 : 0
            try await send(before, to: 0)
            try await send(5, to: 1)
            try await Self.waitUntil("the first requests are answered") {
                health.processedCount >= before + 5 && ledger.inFlight == 0 && health.assignedCount == 2
            }

            // librdkafka stops fetching partition 0 behind the consumer's back (as a pause kept across
            // a rebalance would); partition 1's messages show when the pause has been applied.
            try consumer.pauseInLibrdkafkaOnly([p0])
            try await send(5, to: 1)
            try await Self.waitUntil("partition 1 is answered after the pause") { health.processedCount >= before + 10 }
            try await send(7, to: 0)

            try await Self.waitUntil("the stall is reported") { health.intakeStall != nil }
            let stall = try #require(health.intakeStall)
            #expect(stall.partitions == [p0])
            #expect(stall.waiting == 7)
            try await Self.waitUntil("partition 0's requests are answered after the refetch") {
                health.processedCount >= before + 17 && ledger.inFlight == 0
            }
            try await Self.waitUntil("the stall is over") { health.intakeStall == nil }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
        await sender.close()
        await output.close()
        await cluster.close()
    }
}
