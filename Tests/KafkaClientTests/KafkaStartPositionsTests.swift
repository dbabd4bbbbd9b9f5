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
        await first.close()
        await firstDriven

        // The next member knows p0 answered up to 10 (ahead of the group), p1 up to 8 (behind it), p2 up to 3.
        let asked = Mutex<[[TopicPartition]]>([])
        let applied = Mutex<[TopicPartitionOffset]>([])
        let hook = KafkaStartPositions(
            candidates: { assigned in
                asked.withLock { $0.append(assigned) }
                return [TopicPartitionOffset(topic: topic, partition: 0, offset: 10),
                        TopicPartitionOffset(topic: topic, partition: 1, offset: 8),
                        TopicPartitionOffset(topic: topic, partition: 2, offset: 3)]
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
}
