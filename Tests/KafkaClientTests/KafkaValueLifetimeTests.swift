import Foundation
import KafkaClient
import Testing

/// ``KafkaValueLifetime``: a lent value is read in place until its delivery report; a copied one
/// is read during the produce call.
@Suite("KafkaProducer value lifetime", .timeLimit(.minutes(1)))
struct KafkaValueLifetimeTests {
    @Test("a lent value is read from the caller's bytes until its delivery report; a copied value at the call")
    func lentValueIsReadInPlace() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("lent", partitions: 1)
        let reports = DeliveryCollector()
        // linger.ms 500: both messages wait in the queue while their bytes change.
        let producer = try TestSupport.producer(cluster, reports: reports, overrides: ["linger.ms": "500"])

        let lent = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        let copied = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        lent.copyBytes(from: "before-L".utf8)
        copied.copyBytes(from: "before-C".utf8)
        let noHeaders = UnsafeBufferPointer<KafkaBorrowedHeader>(start: nil, count: 0)
        try producer.produce(topic: topic, partition: 0, key: nil, value: UnsafeRawBufferPointer(lent),
                             valueLifetime: .untilDeliveryReport, borrowedHeaders: noHeaders, token: 1)
        try producer.produce(topic: topic, partition: 0, key: nil, value: UnsafeRawBufferPointer(copied),
                             valueLifetime: .call, borrowedHeaders: noHeaders, token: 2)
        // A probe, not a use: changing lent bytes before the report shows they were not copied.
        lent.copyBytes(from: "after--L".utf8)
        copied.copyBytes(from: "after--C".utf8)
        try await producer.flush(timeout: .seconds(20))
        #expect(reports.all.map(\.token).sorted() == [1, 2])
        // The reports were handed out: the lent bytes may go.
        lent.deallocate()
        copied.deallocate()

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("unused")),
            logger: TestSupport.logger)
        try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: 0)])
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder, commitOnRevoke: false)
        try await TestSupport.waitUntil("both messages read back") { recorder.messageCount >= 2 }
        let values = recorder.messages.map { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect(values == ["after--L", "before-C"],
                "the lent value as it was when sent, the copied one as it was at the call")

        await consumer.close()
        await driven
        await producer.close()
        await cluster.close()
    }
}
