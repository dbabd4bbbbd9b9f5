import KafkaClient
import Testing

@Suite("KafkaConsumer", .timeLimit(.minutes(1)))
struct KafkaConsumerTests {
    static func headers(_ index: Int) -> [KafkaHeader] {
        [
            KafkaHeader(name: "x-index", string: "\(index)"),
            KafkaHeader(name: "x-null", value: nil),
            KafkaHeader(name: "x-index", string: "again-\(index)"),
        ]
    }

    @Test("consumes batches with keys, headers and tombstones in partition order; commits")
    func consumeAndCommit() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("consume", partitions: 3)
        let group = TestSupport.uniqueName("group")
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        let count = 300
        for index in 0..<count {
            try await producer.send(
                topic: topic, key: Array("key-\(index % 7)".utf8),
                value: index % 10 == 9 ? nil : Array("value-\(index)".utf8),
                headers: Self.headers(index), token: UInt64(index))
        }
        try await producer.flush(timeout: .seconds(20))

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group),
            options: KafkaConsumerOptions(maxBatchSize: 64), logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder)
        try await TestSupport.waitUntil("\(count) messages consumed") { recorder.messageCount >= count }

        let messages = recorder.messages
        #expect(messages.count == count)
        #expect(recorder.state.withLock { $0.batchSizes.contains { $0 > 1 } }, "messages should arrive in batches")
        #expect(recorder.state.withLock { $0.batchSizes.allSatisfy { $0 <= 64 } })
        #expect(consumer.assignment.count == 3)
        // Per-partition order: offsets 0, 1, 2, ... as produced.
        for partition in Int32(0)..<3 {
            let offsets = messages.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)))
        }
        for message in messages {
            let index = Int(String(decoding: message.headers[0].value ?? [], as: UTF8.self))!
            #expect(message.key == Array("key-\(index % 7)".utf8))
            #expect(message.value == (index % 10 == 9 ? nil : Array("value-\(index)".utf8)))
            #expect(message.headers == Self.headers(index))
            #expect(message.timestamp != nil)
            #expect(message.topic == topic)
        }

        let offsets = recorder.nextOffsets()
        try await consumer.commit(offsets)
        let committed = try await consumer.committed(offsets.map(\.topicPartition))
        #expect(Set(committed) == Set(offsets))
        await consumer.close()
        await driven

        // A second member of the same group starts where the first left off.
        for index in count..<(count + 30) {
            try await producer.send(
                topic: topic, key: Array("key-\(index % 7)".utf8), value: Array("value-\(index)".utf8),
                headers: Self.headers(index), token: UInt64(index))
        }
        try await producer.flush(timeout: .seconds(20))
        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group), logger: TestSupport.logger)
        try await second.subscribe(topics: [topic])
        let secondRecorder = ConsumerRecorder()
        async let secondDriven: Void = second.drive(recorder: secondRecorder)
        try await TestSupport.waitUntil("30 new messages consumed") { secondRecorder.messageCount >= 30 }
        let values = Set(secondRecorder.messages.compactMap(\.value).map { String(decoding: $0, as: UTF8.self) })
        #expect(values == Set((count..<(count + 30)).map { "value-\($0)" }))
        await second.close()
        await secondDriven
        await producer.close()
        await cluster.close()
    }

    @Test("pause stops one partition while the other flows; resume restarts it")
    func pauseResume() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("pause", partitions: 2)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        func produce(partition: Int32, count: Int) async throws {
            for index in 0..<count {
                try await producer.send(
                    topic: topic, partition: partition, key: nil, value: Array("p\(partition)-\(index)".utf8),
                    token: UInt64(index))
            }
            try await producer.flush(timeout: .seconds(10))
        }
        try await produce(partition: 0, count: 10)
        try await produce(partition: 1, count: 10)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("group")),
            logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder)
        func received(_ partition: Int32) -> Int {
            recorder.messages.filter { $0.partition == partition }.count
        }
        try await TestSupport.waitUntil("first 20 messages") { recorder.messageCount == 20 }

        let paused = TopicPartition(topic: topic, partition: 0)
        try consumer.pause([paused])
        try await produce(partition: 0, count: 10)
        try await produce(partition: 1, count: 10)
        try await TestSupport.waitUntil("partition 1 keeps flowing") { received(1) == 20 }
        #expect(received(0) == 10, "paused partition must not deliver")

        try consumer.resume([paused])
        try await TestSupport.waitUntil("partition 0 resumes") { received(0) == 20 }
        await consumer.close()
        await driven
        await producer.close()
        await cluster.close()
    }

    @Test(
        "tiny buffers (back-pressure) still deliver everything in order",
        arguments: [(2000, Duration.milliseconds(500)), (300, Duration.milliseconds(1))])
    func backPressure(messageCount: Int, pauseFetchingAfter: Duration) async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("backpressure", partitions: 2)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<messageCount)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("group")),
            options: KafkaConsumerOptions(
                maxBatchSize: 10, maxBufferedBatches: 2, pauseFetchingAfter: pauseFetchingAfter),
            logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        var iterator = consumer.events.makeAsyncIterator()
        var maxBatch = 0
        while recorder.messageCount < messageCount, let event = await iterator.next() {
            if case .messages(let batch) = event {
                maxBatch = max(maxBatch, batch.count)
                recorder.record(batch)
            }
        }
        #expect(maxBatch <= 10)
        let messages = recorder.messages
        #expect(messages.count == messageCount)
        for partition in Int32(0)..<2 {
            let offsets = messages.filter { $0.partition == partition }.map(\.offset)
            #expect(offsets == Array(0..<Int64(offsets.count)))
        }
        await consumer.close()
        await producer.close()
        await cluster.close()
    }
}
