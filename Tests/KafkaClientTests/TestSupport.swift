import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

/// Shared helpers for the KafkaClient tests (all run against EmbeddedKafkaCluster).
enum TestSupport {
    static var logger: Logger {
        var logger = Logger(label: "kafka-client-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func producerConfiguration(_ cluster: EmbeddedKafkaCluster) -> KafkaConfiguration {
        KafkaConfiguration([
            "bootstrap.servers": cluster.bootstrapServers,
            "linger.ms": "5",
            "message.timeout.ms": "30000",
            "retry.backoff.ms": "50",
        ])
    }

    /// A cluster of `brokers` with one new topic named after `prefix`.
    static func clusterWithTopic(
        _ prefix: String, partitions: Int, brokers: Int = 1
    ) async throws -> (cluster: EmbeddedKafkaCluster, topic: String) {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers)
        let topic = uniqueName(prefix)
        try await cluster.createTopic(topic, partitions: partitions)
        return (cluster, topic)
    }

    /// A producer on `cluster` (``producerConfiguration(_:)`` with `overrides`) whose delivery
    /// reports go to `reports`.
    static func producer(
        _ cluster: EmbeddedKafkaCluster, reports: DeliveryCollector, overrides: [String: String] = [:],
        options: KafkaProducerOptions = KafkaProducerOptions()
    ) throws -> KafkaProducer {
        var configuration = producerConfiguration(cluster)
        for (name, value) in overrides { configuration[name] = value }
        return try KafkaProducer(configuration: configuration, options: options, logger: logger,
                                 onDeliveryReports: reports.record)
    }

    static func consumerConfiguration(_ cluster: EmbeddedKafkaCluster, group: String) -> KafkaConfiguration {
        KafkaConfiguration([
            "bootstrap.servers": cluster.bootstrapServers,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "session.timeout.ms": "6000",
            "heartbeat.interval.ms": "500",
            "fetch.wait.max.ms": "10",
            "topic.metadata.refresh.interval.ms": "1000",
        ])
    }

    /// Polls `condition` until it holds or `timeout` passes (then records a failure).
    static func waitUntil(
        _ description: String, timeout: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation, _ condition: () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for: \(description)", sourceLocation: sourceLocation)
                throw TestTimeout(description: description)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Produces `count` keyed messages and waits for all delivery reports.
    static func produceAndWait(
        _ producer: KafkaProducer, reports: DeliveryCollector, topic: String, range: Range<Int>,
        headers: (Int) -> [KafkaHeader] = { _ in [] }
    ) async throws {
        let expected = reports.count + range.count
        for index in range {
            try await producer.send(
                topic: topic, key: Array("key-\(index % 7)".utf8), value: Array("value-\(index)".utf8),
                headers: headers(index), token: UInt64(index))
        }
        try await waitUntil("\(range.count) delivery reports") { reports.count >= expected }
    }
}

struct TestTimeout: Error {
    var description: String
}

/// Collects delivery reports (handler runs on the producer's poll thread).
final class DeliveryCollector: Sendable {
    private let reports = Mutex<[KafkaDeliveryReport]>([])

    func record(_ batch: [KafkaDeliveryReport]) {
        reports.withLock { $0.append(contentsOf: batch) }
    }

    var count: Int { reports.withLock { $0.count } }
    var all: [KafkaDeliveryReport] { reports.withLock { $0 } }
}

/// A consumed message copied out of its batch.
struct ReceivedMessage: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [KafkaHeader]
    var timestamp: Int64?

    init(_ view: KafkaMessageView) {
        topic = view.topic
        partition = view.partition
        offset = view.offset
        key = view.key.map { Array($0) }
        value = view.value.map { Array($0) }
        headers = view.headers.map { KafkaHeader(name: $0.name, value: $0.value.map { Array($0) }) }
        timestamp = view.timestampMilliseconds
    }
}

/// Records what a consumer delivered, in order.
final class ConsumerRecorder: Sendable {
    struct State {
        var messages: [ReceivedMessage] = []
        var assigned: [[TopicPartition]] = []
        var assignedAt: [ContinuousClock.Instant] = []
        var revoked: [KafkaRevocation] = []
        var revokedAt: [ContinuousClock.Instant] = []
        var errors: [KafkaError] = []
        var batchSizes: [Int] = []
    }

    let state = Mutex(State())

    var messageCount: Int { state.withLock { $0.messages.count } }
    var messages: [ReceivedMessage] { state.withLock { $0.messages } }
    var assignedPartitions: Set<TopicPartition> { state.withLock { Set($0.assigned.joined()) } }
    var revocations: [KafkaRevocation] { state.withLock { $0.revoked } }

    func record(_ batch: KafkaMessageBatch) {
        var received: [ReceivedMessage] = []
        var errors: [KafkaError] = []
        batch.forEach { view in
            if let error = view.error {
                errors.append(error)
            } else {
                received.append(ReceivedMessage(view))
            }
        }
        state.withLock {
            $0.messages.append(contentsOf: received)
            $0.errors.append(contentsOf: errors)
            $0.batchSizes.append(batch.count)
        }
    }

    /// Highest offset + 1 consumed per partition.
    func nextOffsets(in partitions: [TopicPartition]? = nil) -> [TopicPartitionOffset] {
        let messages = self.messages
        var next: [TopicPartition: Int64] = [:]
        for message in messages {
            let key = TopicPartition(topic: message.topic, partition: message.partition)
            next[key] = max(next[key] ?? 0, message.offset + 1)
        }
        return next.filter { partitions?.contains($0.key) ?? true }
            .map { TopicPartitionOffset(topic: $0.key.topic, partition: $0.key.partition, offset: $0.value) }
    }
}

extension KafkaConsumer {
    /// Drives `events` until the consumer is closed: records batches and
    /// assignments, optionally commits after each batch, and on revocation
    /// commits what was consumed from the revoked partitions (unless lost)
    /// before completing it. Commit failures are recorded, not thrown: a
    /// rebalance may refuse commits (at-least-once).
    func drive(recorder: ConsumerRecorder, commitEachBatch: Bool = false, commitOnRevoke: Bool = true) async {
        for await event in events {
            switch event {
            case .messages(let batch):
                recorder.record(batch)
                if commitEachBatch {
                    await commitRecording(recorder.nextOffsets(), into: recorder)
                }
            case .partitionsAssigned(let partitions) where !partitions.isEmpty:
                recorder.state.withLock {
                    $0.assigned.append(partitions)
                    $0.assignedAt.append(.now)
                }
            case .partitionsAssigned:
                break  // a rebalance ended with nothing new for this member
            case .partitionsRevoked(let revocation):
                if commitOnRevoke && !revocation.isLost {
                    await commitRecording(recorder.nextOffsets(in: revocation.partitions), into: recorder)
                }
                recorder.state.withLock {
                    $0.revoked.append(revocation)
                    $0.revokedAt.append(.now)
                }
                revocation.complete()
            }
        }
    }

    private func commitRecording(_ offsets: [TopicPartitionOffset], into recorder: ConsumerRecorder) async {
        do {
            try await commit(offsets)
        } catch {
            recorder.state.withLock { $0.errors.append(error) }
        }
    }
}
