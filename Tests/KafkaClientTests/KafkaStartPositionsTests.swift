import KafkaClient
import Synchronization
import Testing

@Suite("KafkaStartPositions", .timeLimit(.minutes(1)))
struct KafkaStartPositionsTests {
    @Test("assigned partitions start at the application's positions only where those are past the committed offsets")
    func startsPastTheCommittedOffsetsOnly() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("start", partitions: 3)
        let group = TestSupport.uniqueName("group")
        let producer = try KafkaProducer(
            configuration: TestSupport.producerConfiguration(cluster), logger: TestSupport.logger,
            onDeliveryReports: DeliveryCollector().record)
        for partition in Int32(0)..<3 {
            for index in 0..<20 {
                try await producer.send(topic: topic, partition: partition, key: nil,
                                        value: Array("p\(partition)-\(index)".utf8), token: UInt64(index))
            }
        }
        try await producer.flush(timeout: .seconds(20))
        func partition(_ number: Int32) -> TopicPartition { TopicPartition(topic: topic, partition: number) }

        // The group commits p0@5 and p1@12; nothing for p2.
        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group), logger: TestSupport.logger)
        try await first.subscribe(topics: [topic])
        let firstRecorder = ConsumerRecorder()
        async let firstDriven: Void = first.drive(recorder: firstRecorder, commitOnRevoke: false)
        try await TestSupport.waitUntil("all 60 messages consumed") { firstRecorder.messageCount >= 60 }
        try await first.commit([TopicPartitionOffset(topic: topic, partition: 0, offset: 5),
                                TopicPartitionOffset(topic: topic, partition: 1, offset: 12)])

        // The next member knows p0 answered up to 10 (ahead of the group), p1 up to 8 (behind it), p2 up to 3,
        // all in this cluster's current logs.
        let clusterID = try #require(try await first.clusterID())
        let origin = KafkaLogOrigin(clusterID: clusterID, low: 0, high: 20)
        await first.close()
        await firstDriven
        let asked = Mutex<[[TopicPartition]]>([])
        let applied = Mutex<[TopicPartitionOffset]>([])
        let hook = KafkaStartPositions(
            candidates: { assigned in
                asked.withLock { $0.append(assigned) }
                return [(0, 10), (1, 8), (2, 3)].map { partition, offset in
                    KafkaStartCandidate(position: TopicPartitionOffset(topic: topic, partition: partition, offset: offset), origin: origin)
                }
            },
            applied: { positions in applied.withLock { $0 += positions } })
        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group),
            options: KafkaConsumerOptions(startPositions: hook), logger: TestSupport.logger)
        try await second.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        async let driven: Void = second.drive(recorder: recorder, commitOnRevoke: false)
        // 10 from p0, 8 from p1 (the committed 12 wins), 17 from p2.
        try await TestSupport.waitUntil("35 messages consumed") { recorder.messageCount >= 35 }
        let messages = recorder.messages
        func firstOffset(_ number: Int32) -> Int64? { messages.first { $0.partition == number }?.offset }
        #expect(firstOffset(0) == 10, "ahead of the committed offset: the application's position")
        #expect(firstOffset(1) == 12, "behind the committed offset: the committed offset")
        #expect(firstOffset(2) == 3, "nothing committed: the application's position")
        #expect(messages.count == 35)
        #expect(Set(applied.withLock { $0 }) == [TopicPartitionOffset(topic: topic, partition: 0, offset: 10),
                                                 TopicPartitionOffset(topic: topic, partition: 2, offset: 3)])
        #expect(Set(asked.withLock { $0 }.joined()) == [partition(0), partition(1), partition(2)])
        await second.close()
        await driven
        await producer.close()
        await cluster.close()
    }

    @Test("a remembered position of another log is discarded: the partition starts as if none was remembered")
    func positionsOfAnotherLogAreDiscarded() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("start-elsewhere", partitions: 3)
        let producer = try KafkaProducer(
            configuration: TestSupport.producerConfiguration(cluster), logger: TestSupport.logger,
            onDeliveryReports: DeliveryCollector().record)
        for partition in Int32(0)..<3 {
            for index in 0..<20 {
                try await producer.send(topic: topic, partition: partition, key: nil,
                                        value: Array("p\(partition)-\(index)".utf8), token: UInt64(index))
            }
        }
        try await producer.flush(timeout: .seconds(20))
        let group = TestSupport.uniqueName("group")
        let probe = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group), logger: TestSupport.logger)
        let clusterID = try #require(try await probe.clusterID())
        await probe.close()

        // p0 was answered up to 10 on another cluster at this address; p1 up to 25 in a log that now ends at 20;
        // p2 up to 5 in a log that ended at 30 then (this one ends at 20: the topic was re-created).
        let applied = Mutex<[TopicPartitionOffset]>([])
        let candidates = [
            KafkaStartCandidate(position: TopicPartitionOffset(topic: topic, partition: 0, offset: 10),
                                origin: KafkaLogOrigin(clusterID: "replaced-\(clusterID)", low: 0, high: 20)),
            KafkaStartCandidate(position: TopicPartitionOffset(topic: topic, partition: 1, offset: 25),
                                origin: KafkaLogOrigin(clusterID: clusterID, low: 0, high: 25)),
            KafkaStartCandidate(position: TopicPartitionOffset(topic: topic, partition: 2, offset: 5),
                                origin: KafkaLogOrigin(clusterID: clusterID, low: 0, high: 30)),
        ]
        let hook = KafkaStartPositions(candidates: { _ in candidates }, applied: { positions in applied.withLock { $0 += positions } })
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group),
            options: KafkaConsumerOptions(startPositions: hook), logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder, commitOnRevoke: false)
        try await TestSupport.waitUntil("all 60 messages consumed") { recorder.messageCount >= 60 }
        let messages = recorder.messages
        for partition in Int32(0)..<3 {
            #expect(messages.first { $0.partition == partition }?.offset == 0,
                    "partition \(partition) starts by auto.offset.reset (earliest), not at the remembered position")
        }
        #expect(messages.count == 60)
        #expect(applied.withLock { $0 }.isEmpty, "no remembered position was used")
        await consumer.close()
        await driven
        await producer.close()
        await cluster.close()
    }

    @Test("decide: the same cluster's log inside its watermarks and past the committed offset only")
    func decisionTable() {
        func candidate(_ offset: Int64, _ origin: KafkaLogOrigin) -> KafkaStartCandidate {
            KafkaStartCandidate(position: TopicPartitionOffset(topic: "t", partition: 0, offset: offset), origin: origin)
        }
        let then = KafkaLogOrigin(clusterID: "a", low: 100, high: 500)
        let now = KafkaLogOrigin(clusterID: "a", low: 200, high: 900)
        let decide = KafkaStartPositions.decide
        #expect(decide(candidate(400, then), now, TopicPartitionOffset.invalidOffset) == .use)
        #expect(decide(candidate(400, then), now, 300) == .use)
        #expect(decide(candidate(400, then), now, 400) == .committedWins)
        #expect(decide(candidate(400, then), KafkaLogOrigin(clusterID: "b", low: 200, high: 900), -1)
                    == .discard(.clusterChanged(remembered: "a", current: "b")))
        #expect(decide(candidate(400, KafkaLogOrigin(clusterID: nil, low: 100, high: 500)), now, -1) == .discard(.clusterUnknown))
        #expect(decide(candidate(400, then), KafkaLogOrigin(clusterID: nil, low: 0, high: 900), -1) == .discard(.clusterUnknown))
        #expect(decide(candidate(400, then), KafkaLogOrigin(clusterID: "a", low: nil, high: nil), -1) == .discard(.watermarksUnknown))
        #expect(decide(candidate(950, then), now, -1) == .discard(.beyondHighWatermark(high: 900)))
        #expect(decide(candidate(150, then), now, -1) == .discard(.belowLowWatermark(low: 200)))
        let shorter = KafkaLogOrigin(clusterID: "a", low: 0, high: 450)
        #expect(decide(candidate(400, then), shorter, -1) == .discard(.watermarkWentBack(remembered: then, current: shorter)))
        let restarted = KafkaLogOrigin(clusterID: "a", low: 0, high: 900)
        #expect(decide(candidate(400, then), restarted, -1) == .discard(.watermarkWentBack(remembered: then, current: restarted)))
        #expect(decide(candidate(400, KafkaLogOrigin(clusterID: "a", low: nil, high: nil)), now, -1) == .use,
                "unknown watermarks then: only the current ones bound the position")
    }
}
