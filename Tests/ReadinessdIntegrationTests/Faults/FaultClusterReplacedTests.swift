import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

extension IntegrationTests {
    /// Issue 23 item 1: remembered ("answered") positions are used only in the log they come from.
    ///
    /// The daemon bootstraps through a loopback forwarder (``LoopbackForwarder``: the librdkafka 2.0.2
    /// mock cluster cannot listen on a chosen port) to a one-broker embedded cluster and answers the
    /// first requests. The cluster is then replaced behind the same address by a new one whose fresh
    /// log already holds new requests; the member loses its partitions (its group is gone), still
    /// remembering how far it answered in the old log. Every new request must be answered: before
    /// the fix the daemon started the new log's partitions at the old remembered positions
    /// ("start past the committed offsets") and never answered the offsets below them.
    ///
    /// The second case stands in for a topic deleted and re-created under the same name (the 2.0.2
    /// mock cannot delete a topic): the new log is shorter than the remembered positions. Its
    /// remembered positions are then past the new high watermarks; on the mock the replacement also
    /// changes the cluster id, which is what discards them here (the watermark rules are covered by
    /// `KafkaStartPositionsTests`).
    @Suite struct FaultClusterReplacedTests {
        static let partitions = 4

        @Test(arguments: [
            (name: "replaced-longer-log", before: 2000, after: 6000),
            (name: "recreated-shorter-log", before: 4000, after: 400),
        ])
        func aClusterReplacedAtTheSameAddressLosesNoRequest(_ scenario: (name: String, before: Int, after: Int)) async throws {
            let first = try await Self.cluster()
            let forwarder = try LoopbackForwarder(target: try Self.port(of: first))
            defer { forwarder.stop() }
            let group = "readinessd-replaced-\(UInt32.random(in: 0...UInt32.max))"
            let daemon = try DaemonProcess(["run", "--config", try Self.config(bootstrap: forwarder.address, group: group)],
                                           environment: ["READINESSD_LOG_LEVEL": "info"], name: scenario.name)

            // The old cluster's requests, all answered there.
            let old = Self.requests(scenario.before, prefix: "old")
            let oldCollector = try OutputCollector(bootstrap: first.bootstrapServers)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await oldCollector.run(topics: Self.outputTopics, partitions: Self.partitions) }
                try await Self.produce(old, to: first)
                try await Wait.until("the old cluster's \(old.count) requests answered", timeout: .seconds(90)) {
                    Self.answered(oldCollector).isSuperset(of: old.map(\.correlation))
                }
                await oldCollector.consumer.close()
                tasks.cancelAll()
            }

            // A new cluster whose fresh log holds new requests takes over the address. Its coordinator and
            // leaders are broker 2: the forwarder keeps the bootstrap address, but each mock broker listens on
            // a port of its own, and librdkafka keeps the coordinator it knows as broker 1 at the old port.
            let second = try await Self.cluster(brokers: 2, servedBy: 2, group: group)
            let new = Self.requests(scenario.after, prefix: "new")
            try await Self.produce(new, to: second)
            let replaced = ContinuousClock.now
            let logBefore = daemon.log.count
            forwarder.retarget(try Self.port(of: second))
            await first.close()
            // The member loses its partitions (its group is gone with the old cluster) and joins the new one.
            try await Wait.until("the daemon lost its partitions and was assigned them on the new cluster", timeout: .seconds(60)) {
                let since = daemon.log.dropFirst(logBefore)
                guard let lost = since.range(of: "Kafka partitions lost") else { return false }
                return since[lost.upperBound...].contains("Kafka partitions assigned")
            }

            let newCollector = try OutputCollector(bootstrap: second.bootstrapServers)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await newCollector.run(topics: Self.outputTopics, partitions: Self.partitions) }
                let expected = Set(new.map(\.correlation))
                do {
                    try await Wait.until("every new request answered", timeout: .seconds(120)) {
                        Self.answered(newCollector).isSuperset(of: expected)
                    }
                } catch {
                    let missing = expected.subtracting(Self.answered(newCollector))
                    Issue.record("\(scenario.name): \(missing.count) of \(new.count) new requests never answered; log \(daemon.logPath)")
                    throw error
                }
                let recovered = ContinuousClock.now - replaced
                let counts = Self.answerCounts(newCollector)
                let duplicates = expected.reduce(0) { $0 + max(0, (counts[$1] ?? 0) - 1) }
                #expect(try await daemon.terminate() == 0, "a clean stop after the replacement exits 0")
                let log = String(daemon.log.dropFirst(logBefore))
                let discarded = log.components(separatedBy: "remembered start position discarded").count - 1
                let staleCommits = log.components(separatedBy: "committed offset discarded").count - 1
                #expect(discarded + staleCommits > 0, "positions of the old log were discarded with an error line")
                #expect(!log.contains("start past the committed offsets"), "no partition started at a position of the old log")
                print("fault-round \(scenario.name): old log \(old.count) requests, new log \(new.count); lost 0, "
                      + "duplicates \(duplicates), remembered positions discarded \(discarded), old-cluster commits discarded \(staleCommits), all answered \(recovered) after the replacement, "
                      + "exit 0; log \(daemon.logPath)")
                await newCollector.consumer.close()
                tasks.cancelAll()
            }
            await second.close()
        }

        static let topics = IntegrationTopics()
        static var outputTopics: [String] { [topics.responses, topics.rejections] }

        /// An embedded cluster with the daemon's topics; with `servedBy`, that broker leads every partition
        /// and coordinates `group`.
        static func cluster(brokers: Int = 1, servedBy broker: Int32? = nil, group: String? = nil) async throws -> EmbeddedKafkaCluster {
            let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: Logger(label: "replaced-cluster"))
            for topic in [topics.requests, topics.responses, topics.rejections] {
                try await cluster.createTopic(topic, partitions: partitions)
                if let broker {
                    for partition in 0..<Int32(partitions) {
                        try await cluster.setPartitionLeader(topic: topic, partition: partition, broker: broker)
                    }
                }
            }
            if let broker, let group { try await cluster.setCoordinator(keyType: "group", key: group, broker: broker) }
            return cluster
        }

        /// The port of the cluster's first bootstrap broker.
        static func port(of cluster: EmbeddedKafkaCluster) throws -> UInt16 {
            let first = try #require(cluster.bootstrapServers.split(separator: ",").first)
            return try #require(first.split(separator: ":").last.flatMap { UInt16($0) })
        }

        /// `count` valid requests (each answered with a response carrying its correlation id).
        static func requests(_ count: Int, prefix: String) -> [(correlation: String, key: String, value: [UInt8]?)] {
            (0..<(count * 5 / 4 + 1)).lazy.filter { $0 % 5 != 4 }.prefix(count).map { index in
                let request = RequestCorpus.request(index, prefix: prefix)
                return ("\(prefix)-\(index)", request.key, request.value)
            }
        }

        static func produce(_ requests: [(correlation: String, key: String, value: [UInt8]?)], to cluster: EmbeddedKafkaCluster) async throws {
            let failures = Mutex(0)
            let producer = try KafkaProducer(configuration: KafkaConfiguration([
                "bootstrap.servers": cluster.bootstrapServers, "linger.ms": "5", "enable.idempotence": "false",
            ]), logger: Logger(label: "replaced-producer")) { reports in
                for report in reports { if case .failure = report.result { failures.withLock { $0 += 1 } } }
            }
            for (index, request) in requests.enumerated() {
                try await producer.send(topic: topics.requests, key: Array(request.key.utf8), value: request.value, token: UInt64(index))
            }
            try await producer.flush(timeout: .seconds(30))
            await producer.close()
            #expect(failures.withLock { $0 } == 0, "every request stored")
        }

        static func correlation(of output: OutputMessage) -> String? {
            output.valueText.firstMatch(of: /"correlation_id":"([^"]+)"/).map { String($0.1) }
        }

        static func answered(_ collector: OutputCollector) -> Set<String> {
            Set(collector.all.compactMap(correlation(of:)))
        }

        static func answerCounts(_ collector: OutputCollector) -> [String: Int] {
            collector.all.compactMap(correlation(of:)).reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }

        static func config(bootstrap: String, group: String) throws -> String {
            let directory = NSTemporaryDirectory() + "readinessd-replaced-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/readinessd.yaml"
            try """
                kafka:
                  bootstrap_servers: \(bootstrap)
                  group_id: \(group)
                  properties:
                    session.timeout.ms: 6000
                    heartbeat.interval.ms: 500
                    topic.metadata.refresh.interval.ms: 1000
                    reconnect.backoff.max.ms: 1000
                  consumer_properties:
                    fetch.wait.max.ms: 10
                    auto.offset.reset: earliest
                registry:
                  snapshot: \(IntegrationEnvironment.fixtures)/registry.json
                processing:
                  drain_timeout_seconds: 20
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }
}
