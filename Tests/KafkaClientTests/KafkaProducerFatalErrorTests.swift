import KafkaClient
import Synchronization
import Testing

@Suite("KafkaProducer fatal errors", .timeLimit(.minutes(1)))
struct KafkaProducerFatalErrorTests {
    @Test("the gap-less guarantee is a default unless idempotence is disabled")
    func gaplessDefault() {
        let defaulted = KafkaProducer.effectiveConfiguration(KafkaConfiguration(bootstrapServers: "127.0.0.1:9"))
        #expect(defaulted["enable.gapless.guarantee"] == "true")
        #expect(defaulted["enable.idempotence"] == "true")
        let disabled = KafkaProducer.effectiveConfiguration(KafkaConfiguration(["enable.idempotence": "false"]))
        #expect(disabled["enable.gapless.guarantee"] == nil)
        let chosen = KafkaProducer.effectiveConfiguration(KafkaConfiguration(["enable.gapless.guarantee": "false"]))
        #expect(chosen["enable.gapless.guarantee"] == "false")
    }

    @Test("a permanently failed delivery makes a gap-less producer fatal, and it is reported")
    func permanentFailureIsFatal() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("fatal", partitions: 1)
        let reports = DeliveryCollector()
        let errors = Mutex<[KafkaError]>([])
        let producer = try TestSupport.producer(
            cluster, reports: reports,
            options: KafkaProducerOptions(onError: { error in errors.withLock { $0.append(error) } }))
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<1)
        #expect(producer.fatalError == nil, "a healthy producer has no fatal error")

        // TOPIC_AUTHORIZATION_FAILED is not retriable: the batch fails, which would open a gap.
        try await cluster.pushRequestErrors(
            apiKey: EmbeddedKafkaCluster.APIKey.produce, errors: [KafkaErrorCode(rawValue: 29)])
        for index in 1..<4 {
            try producer.produce(topic: topic, key: nil, value: Array("value-\(index)".utf8), token: UInt64(index))
        }
        try await TestSupport.waitUntil("3 more delivery reports") { reports.count == 4 }
        let codes = reports.all.dropFirst().map { report -> KafkaErrorCode? in
            guard case .failure(let error) = report.result else { return nil }
            return error.code
        }
        #expect(codes.allSatisfy { $0 != nil }, "the failed batch and everything queued behind it fail")
        #expect(codes.contains(KafkaErrorCode(rawValue: 29)), "the failed batch reports the broker's error")

        try await TestSupport.waitUntil("the fatal error is reported") { producer.fatalError != nil }
        let fatal = try #require(producer.fatalError)
        #expect(fatal.code == .gaplessGuarantee)
        #expect(fatal.description.contains("_GAPLESS_GUARANTEE"))
        try await TestSupport.waitUntil("the error callback saw it") {
            errors.withLock { $0.contains { $0.code == .gaplessGuarantee } }
        }
        // A fatal producer refuses new messages with its fatal error.
        #expect(throws: KafkaError.rdkafka(operation: "produce to \(topic)", code: .gaplessGuarantee, detail: nil)) {
            try producer.produce(topic: topic, key: nil, value: [1], token: 9)
        }
        await producer.close()
        #expect(producer.fatalError == nil, "a closed producer reports nothing")
        await cluster.close()
    }
}
