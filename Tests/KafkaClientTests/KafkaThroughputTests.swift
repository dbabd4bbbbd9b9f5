import Foundation
import KafkaClient
import Testing

private func progress(_ text: String) {
    FileHandle.standardError.write(Data("[throughput] \(text)\n".utf8))
}

/// A rough throughput probe against the embedded cluster; enable with
/// `KAFKA_THROUGHPUT_TEST=<message count>` (not part of the regular run).
@Suite("Throughput (opt-in)", .enabled(if: ProcessInfo.processInfo.environment["KAFKA_THROUGHPUT_TEST"] != nil))
struct KafkaThroughputTests {
    @Test("produce and consume many messages")
    func throughput() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("throughput", partitions: 8)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(
            cluster, reports: reports, overrides: ["linger.ms": "20", "batch.num.messages": "10000"])
        let count = Int(ProcessInfo.processInfo.environment["KAFKA_THROUGHPUT_TEST"] ?? "") ?? 100_000
        let value = [UInt8](repeating: 0x61, count: 200)
        let produceStart = ContinuousClock.now
        for index in 0..<count {
            try await producer.send(
                topic: topic, key: Array("k\(index % 1000)".utf8), value: value,
                headers: [KafkaHeader(name: "x-correlation-id", string: "c\(index)")], token: UInt64(index))
            if index % 50_000 == 0 { progress("sent \(index), reports \(reports.count)") }
        }
        progress("enqueued \(count) in \(ContinuousClock.now - produceStart); reports so far \(reports.count)")
        try await producer.flush(timeout: .seconds(60))
        let produceTime = ContinuousClock.now - produceStart
        #expect(reports.count == count)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("group")),
            logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        var received = 0
        var consumeStart: ContinuousClock.Instant?
        var bytes = 0
        for await event in consumer.events {
            guard case .messages(let batch) = event else { continue }
            if consumeStart == nil { consumeStart = .now }
            batch.forEach { view in
                bytes += view.value?.count ?? 0
                for header in view.headers { bytes += header.value?.count ?? 0 }
            }
            received += batch.count
            if received % 20_000 < batch.count { progress("consumed \(received)") }
            if received >= count { break }
        }
        let consumeTime = ContinuousClock.now - consumeStart!
        progress("produced \(count) in \(produceTime), consumed in \(consumeTime) (\(bytes) bytes)")
        await consumer.close()
        await producer.close()
        await cluster.close()
    }
}
