import KafkaClient
import Logging
import Synchronization

/// One output message read back from the responses or rejections topic.
struct OutputMessage: Sendable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: [UInt8]
    var headers: [(String, String)]

    func header(_ name: String) -> String? { headers.last { $0.0 == name }?.1 }
    var sourcePartition: Int32 { Int32(header("x-source-partition") ?? "-1") ?? -1 }
    var sourceOffset: Int64 { Int64(header("x-source-offset") ?? "-1") ?? -1 }
    var valueText: String { String(decoding: value, as: UTF8.self) }
}

/// Reads both output topics from the beginning and keeps every message.
///
/// The collector assigns itself every partition instead of joining a consumer group: scenarios
/// inject group errors (JoinGroup, SyncGroup, Heartbeat, OffsetCommit) into the whole embedded
/// cluster, and a collector in a group lost its partitions to them too, then read each partition
/// again from the start of its log (it commits nothing). Every record read twice was counted as a
/// duplicate of the daemon's, and at soak size the log's start had moved (the embedded broker keeps
/// about 5 MiB per partition), so outputs written while it re-read were dropped before it reached
/// them and the scenario waited for answers the daemon had given (soak of 28 Nov: all 200,017
/// requests consumed, answered and committed, the test timed out).
final class OutputCollector: Sendable {
    /// Everything read so far; one lock, so the two counts are always read from the same moment.
    private struct Received {
        var messages: [OutputMessage] = []
        var sources: Set<SourcePosition> = []
        /// The next offset not yet read, per output partition: a record read twice (an offset
        /// reset) is kept once, so duplicates counted from ``all`` are the daemon's own.
        var next: [TopicPartition: Int64] = [:]
    }

    private let received = Mutex(Received())
    let consumer: KafkaConsumer

    init(bootstrap: String) throws {
        // No group is joined (see above); `group.id` only names the client. `range` because
        // librdkafka 2.0.2 aborts when a cooperative-sticky consumer that was never assigned is
        // destroyed (librdkafka #4312, fixed in 2.3.0).
        consumer = try KafkaConsumer(configuration: KafkaConfiguration([
            "bootstrap.servers": bootstrap, "group.id": "collector-\(UInt32.random(in: 0...UInt32.max))",
            "partition.assignment.strategy": "range",
            "auto.offset.reset": "earliest", "fetch.wait.max.ms": "10", "topic.metadata.refresh.interval.ms": "1000",
        ]), logger: Logger(label: "collector"))
    }

    /// Reads partitions `0..<partitions` of each of `topics` from offset 0 until the consumer is closed.
    func run(topics: [String], partitions: Int) async throws {
        try await consumer.assign(topics.flatMap { topic in
            (0..<Int32(partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: 0) }
        })
        for await event in consumer.events {
            switch event {
            case .messages(let batch):
                var batchMessages: [OutputMessage] = []
                batch.forEach { view in
                    guard view.error == nil else { return }
                    batchMessages.append(OutputMessage(
                        topic: view.topic, partition: view.partition, offset: view.offset,
                        key: view.key.map { String(decoding: $0, as: UTF8.self) },
                        value: view.value.map { Array($0) } ?? [],
                        headers: view.headers.map { ($0.name, $0.value.map { String(decoding: $0, as: UTF8.self) } ?? "") }))
                }
                received.withLock { received in
                    for message in batchMessages {
                        let partition = TopicPartition(topic: message.topic, partition: message.partition)
                        guard message.offset >= received.next[partition, default: 0] else { continue }
                        received.next[partition] = message.offset + 1
                        received.messages.append(message)
                        received.sources.insert(SourcePosition(partition: message.sourcePartition, offset: message.sourceOffset))
                    }
                }
            case .partitionsAssigned:
                break
            case .partitionsRevoked(let revocation):
                revocation.complete()
            }
        }
    }

    var all: [OutputMessage] { received.withLock { $0.messages } }
    var count: Int { received.withLock { $0.messages.count } }


    /// `true` once an output for `position` was read.
    func hasAnswered(_ position: SourcePosition) -> Bool { received.withLock { $0.sources.contains(position) } }

    /// How many distinct input positions were answered so far (cheap: kept up to date on receipt).
    var answeredCount: Int { received.withLock { $0.sources.count } }

    /// Distinct input positions answered so far (kept up to date on receipt).
    var answeredSources: Set<SourcePosition> { received.withLock { $0.sources } }

    /// Outputs read and the distinct input positions they answer, both at the same moment
    /// (reading ``count`` and ``answeredSources`` one after the other can straddle a batch).
    var snapshot: (outputs: Int, answered: Set<SourcePosition>) {
        received.withLock { ($0.messages.count, $0.sources) }
    }
}

/// An input message's partition and offset.
struct SourcePosition: Hashable, Sendable {
    var partition: Int32
    var offset: Int64
}
