import Foundation
import KafkaClient
import Testing

/// Manual assignment at watermark offsets: a reader that sees exactly what is produced after it looked.
@Suite struct KafkaManualAssignmentTests {
    @Test("watermarks count what was produced; assigning at the end reads only later messages, without a group")
    func assignAtEndReadsOnlyNewMessages() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("assign", partitions: 2)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<40)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("unused")),
            logger: TestSupport.logger)
        let partitions = [TopicPartition(topic: topic, partition: 0), TopicPartition(topic: topic, partition: 1)]
        let marks = try await consumer.watermarks(partitions)
        #expect(marks.map(\.partition) == partitions)
        #expect(marks.allSatisfy { $0.low == 0 })
        #expect(marks.map(\.high).reduce(0, +) == 40)
        #expect(marks[0].end == TopicPartitionOffset(topic: topic, partition: 0, offset: marks[0].high))

        try await consumer.assign(marks.map(\.end))
        #expect(consumer.assignment == Set(partitions))
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder, commitOnRevoke: false)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 40..<60)
        try await TestSupport.waitUntil("20 new messages") { recorder.messageCount >= 20 }

        let values = Set(recorder.messages.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } })
        #expect(values == Set((40..<60).map { "value-\($0)" }), "exactly the messages produced after the query")
        for message in recorder.messages {
            let start = marks.first { $0.partition.partition == message.partition }!.high
            #expect(message.offset >= start)
        }
        #expect(recorder.assignedPartitions == Set(partitions), "the assignment is announced as an event")
        #expect(recorder.revocations.isEmpty)
        // No group was joined, so nothing was committed for it.
        #expect(try await consumer.committed(partitions).allSatisfy { $0.offset == TopicPartitionOffset.invalidOffset })

        await consumer.close()
        await driven
        await producer.close()
        await cluster.close()
    }

    @Test("watermark queries for a missing partition fail with the partition named")
    func watermarksOfUnknownPartitionFail() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("marks", partitions: 1)
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("unused")),
            logger: TestSupport.logger)
        await #expect {
            _ = try await consumer.watermarks([TopicPartition(topic: topic, partition: 7)], timeout: .seconds(3))
        } throws: { error in
            "\(error)".contains("\(topic)[7]")
        }
        await consumer.close()
        await cluster.close()
    }
}
