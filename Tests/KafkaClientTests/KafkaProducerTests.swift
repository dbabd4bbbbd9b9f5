import KafkaClient
import Synchronization
import Testing

@Suite("KafkaProducer", .timeLimit(.minutes(1)))
struct KafkaProducerTests {
    @Test("every produced message gets a delivery report with its token and offset")
    func deliveryReports() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("produce", partitions: 4, brokers: 3)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)

        let count = 500
        for index in 0..<count {
            try producer.produce(
                topic: topic, key: Array("key-\(index % 13)".utf8), value: Array("value-\(index)".utf8),
                headers: [KafkaHeader(name: "x-index", string: "\(index)")], token: UInt64(index))
        }
        try await producer.flush(timeout: .seconds(20))
        #expect(reports.count == count)

        let all = reports.all
        #expect(Set(all.map(\.token)) == Set((0..<count).map(UInt64.init)))
        var offsetsByPartition: [Int32: [Int64]] = [:]
        for report in all {
            let position = try report.result.get()
            offsetsByPartition[position.partition, default: []].append(position.offset)
        }
        // Offsets within each partition are exactly 0..<n (idempotent, no duplicates).
        for (_, offsets) in offsetsByPartition {
            #expect(offsets.sorted() == Array(0..<Int64(offsets.count)))
        }
        #expect(offsetsByPartition.count > 1, "keys should spread over partitions")

        await producer.close()
        await cluster.close()
    }

    @Test("explicit partition and the per-report handler")
    func explicitPartition() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("explicit", partitions: 3)
        let results = Mutex<[UInt64: KafkaDeliveryReport.Position]>([:])
        let producer = try KafkaProducer(
            configuration: TestSupport.producerConfiguration(cluster), logger: TestSupport.logger
        ) { token, result in
            if case .success(let position) = result { results.withLock { $0[token] = position } }
        }
        for token in UInt64(0)..<10 {
            try producer.produce(topic: topic, partition: 2, key: nil, value: [UInt8](), token: token)
        }
        try await producer.flush(timeout: .seconds(10))
        let positions = results.withLock { $0 }
        #expect(positions.count == 10)
        #expect(positions.values.allSatisfy { $0.partition == 2 })
        await producer.close()
        await cluster.close()
    }

    @Test("a full local queue is a specific error, and send() waits for space")
    func queueFull() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("queue-full", partitions: 1)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports, overrides: ["queue.buffering.max.messages": "5"])
        try await cluster.setBrokerRTT(1, milliseconds: 300)

        var firstError: KafkaError?
        for token in UInt64(0)..<20 where firstError == nil {
            do {
                try producer.produce(topic: topic, key: nil, value: [1, 2, 3], token: token)
            } catch {
                firstError = error
            }
        }
        #expect(firstError == .queueFull(topic: topic))
        let accepted = reports.count
        // send() suspends until delivery reports free space; none is lost.
        for token in UInt64(100)..<110 {
            try await producer.send(topic: topic, key: nil, value: [4, 5, 6], token: token)
        }
        try await producer.flush(timeout: .seconds(20))
        let tokens = Set(reports.all.map(\.token))
        #expect(Set(UInt64(100)..<110).isSubset(of: tokens))
        #expect(reports.all.allSatisfy { (try? $0.result.get()) != nil })
        _ = accepted
        await producer.close()
        await cluster.close()
    }

    @Test("a broker that is down delays deliveries until it is back")
    func brokerDownThenUp() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 3)
        let topic = TestSupport.uniqueName("broker-down")
        try await cluster.createTopic(topic, partitions: 1, replicationFactor: 3)
        try await cluster.setPartitionLeader(topic: topic, partition: 0, broker: 1)
        let reports = DeliveryCollector()
        let errors = Mutex<[KafkaError]>([])
        let producer = try TestSupport.producer(
            cluster, reports: reports,
            options: KafkaProducerOptions(onError: { error in errors.withLock { $0.append(error) } }))
        // Warm up so the producer knows the leader, then take it down.
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<1)
        try await cluster.setBrokerDown(1)

        for token in UInt64(1)...20 {
            try producer.produce(topic: topic, key: nil, value: Array("m\(token)".utf8), token: token)
        }
        try await TestSupport.waitUntil("producer noticed the broker is down") {
            errors.withLock { !$0.isEmpty }
        }
        #expect(reports.count == 1, "nothing can be acknowledged while the leader is down")

        try await cluster.setBrokerUp(1)
        try await TestSupport.waitUntil("all deliveries after broker up") { reports.count == 21 }
        let offsets = try reports.all.map { try $0.result.get().offset }.sorted()
        #expect(offsets == Array(0...20))
        await producer.close()
        await cluster.close()
    }

    @Test("injected retriable produce errors are retried without loss or duplicates")
    func injectedErrors() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("inject", partitions: 1)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<1)
        try await cluster.pushRequestErrors(
            apiKey: EmbeddedKafkaCluster.APIKey.produce, errors: [.notEnoughReplicas, .leaderNotAvailable])
        try await cluster.pushBrokerRequestErrorRTTs(
            broker: 1, apiKey: EmbeddedKafkaCluster.APIKey.produce,
            errors: [(.notEnoughReplicas, 50), (.noError, 50)])
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 1..<20)
        let offsets = try reports.all.map { try $0.result.get().offset }.sorted()
        #expect(offsets == Array(0..<20))
        await producer.close()
        await cluster.close()
    }

    @Test("metadata: existing topics, missing topics and unreachable brokers")
    func metadata() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("meta", partitions: 2)
        let producer = try KafkaProducer(
            configuration: TestSupport.producerConfiguration(cluster), logger: TestSupport.logger) { _ in }
        let existing = try await producer.existingTopics([topic, "missing-topic"], timeout: .seconds(5))
        #expect(existing == [topic])
        await #expect(throws: KafkaError.missingTopics(["missing-topic"])) {
            try await producer.requireTopics([topic, "missing-topic"], timeout: .seconds(5))
        }
        let metadata = try await producer.topicMetadata(timeout: .seconds(5))
        #expect(metadata.first { $0.name == topic }?.partitionCount == 2)
        await producer.close()
        await cluster.close()

        let unreachable = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), logger: TestSupport.logger) { _ in }
        let error = await #expect(throws: KafkaError.self) {
            _ = try await unreachable.existingTopics([topic], timeout: .milliseconds(1500))
        }
        guard case .brokersUnreachable(_, 1500, _) = error else {
            Issue.record("expected brokersUnreachable, got \(String(describing: error))")
            return
        }
        await unreachable.close()
    }

    @Test("statistics are delivered as JSON")
    func statistics() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let statistics = Mutex<[String]>([])
        var configuration = TestSupport.producerConfiguration(cluster)
        configuration["statistics.interval.ms"] = "100"
        let producer = try KafkaProducer(
            configuration: configuration,
            options: KafkaProducerOptions(onStatistics: { json in statistics.withLock { $0.append(json) } }),
            logger: TestSupport.logger) { _ in }
        try await TestSupport.waitUntil("a statistics callback") { statistics.withLock { !$0.isEmpty } }
        #expect(statistics.withLock { $0[0] }.hasPrefix("{"))
        await producer.close()
        await cluster.close()
    }
}
