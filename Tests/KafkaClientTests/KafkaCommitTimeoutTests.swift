import KafkaClient
import Testing

/// ``KafkaConsumer/commit(_:)`` waits for the coordinator at most ``KafkaConsumerOptions/commitTimeout``:
/// librdkafka's own synchronous commit has no bound, and a commit that never returns would hold the
/// consumer's control thread (and every committed-offsets or watermark query queued behind it).
@Suite("KafkaConsumer commit bound", .timeLimit(.minutes(1)))
struct KafkaCommitTimeoutTests {
    @Test("a commit the coordinator answers too late is reported as timed out; the next one succeeds")
    func lateCommitAnswerTimesOut() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("commit-bound", partitions: 1)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<10)

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("group")),
            options: KafkaConsumerOptions(commitTimeout: .seconds(1)), logger: TestSupport.logger)
        try await consumer.subscribe(topics: [topic])
        let recorder = ConsumerRecorder()
        async let driven: Void = consumer.drive(recorder: recorder, commitOnRevoke: false)
        try await TestSupport.waitUntil("10 messages consumed") { recorder.messageCount >= 10 }
        let offsets = recorder.nextOffsets()

        // The only broker (the coordinator) answers the next OffsetCommit after 4 s (less than the
        // session timeout: the heartbeats answered behind it on the same connection keep the member).
        try await cluster.pushBrokerRequestErrorRTTs(
            broker: 1, apiKey: EmbeddedKafkaCluster.APIKey.offsetCommit, errors: [(.noError, 4_000)])
        let started = ContinuousClock.now
        var code: KafkaErrorCode?
        do {
            try await consumer.commit(offsets)
        } catch {
            code = error.code
        }
        let waited = ContinuousClock.now - started
        #expect(code == .timedOut)
        #expect(waited >= .seconds(1) && waited < .seconds(3), "the commit returned after \(waited)")

        // Once the coordinator answers again, committing the same positions succeeds.
        let deadline = ContinuousClock.now + .seconds(30)
        var committedAgain = false
        while !committedAgain, ContinuousClock.now < deadline {
            do {
                try await consumer.commit(offsets)
                committedAgain = true
            } catch {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(committedAgain)
        #expect(Set(try await consumer.committed(offsets.map(\.topicPartition))) == Set(offsets))
        await consumer.close()
        await driven
        await producer.close()
        await cluster.close()
    }
}
