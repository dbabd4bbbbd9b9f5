import Foundation
import KafkaClient
import Synchronization
import Testing

/// ``KafkaProducer/withBurst(_:)``: many messages per burst, stopping at a full queue, resuming
/// after ``KafkaProducer/waitForQueueSpace(_:)``, refusing after close, and a close that waits for
/// a running burst.
@Suite("KafkaProducer bursts", .timeLimit(.minutes(1)))
struct KafkaProducerBurstTests {
    /// Produces `tokens` with borrowed headers (`x-token`) in bursts; returns how many bursts ended at a full queue.
    static func produceInBursts(_ producer: KafkaProducer, topic: String, tokens: Range<UInt64>) async throws -> Int {
        var next = tokens.lowerBound
        var fullQueues = 0
        let name = Array("x-token".utf8)
        while next < tokens.upperBound {
            let (stop, ticket) = try producer.withBurst { (burst: borrowing KafkaProducerBurst) throws(KafkaError) -> (UInt64, KafkaQueueSpaceTicket?) in
                var token = next
                while token < tokens.upperBound {
                    let value = Array("m\(token)".utf8)
                    let error: KafkaError? = name.withUnsafeBytes { nameBytes in
                        value.withUnsafeBytes { valueBytes in
                            [KafkaBorrowedHeader(name: nameBytes, value: valueBytes)].withUnsafeBufferPointer { headers in
                                do throws(KafkaError) {
                                    try burst.produce(topic: topic, key: nil, value: valueBytes, borrowedHeaders: headers, token: token)
                                    return nil
                                } catch {
                                    return error
                                }
                            }
                        }
                    }
                    if error == .queueFull(topic: topic) { return (token, burst.spaceTicket) }
                    if let error { throw error }
                    token += 1
                }
                return (token, nil)
            }
            next = stop
            if let ticket {
                fullQueues += 1
                await producer.waitForQueueSpace(ticket)
            }
        }
        return fullQueues
    }

    @Test("a burst stops at a full queue; after waiting with its ticket every message is delivered once, in order")
    func fullQueueAndResume() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("burst", partitions: 1)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports, overrides: ["queue.buffering.max.messages": "7"])
        try await cluster.setBrokerRTT(1, milliseconds: 50)

        let fullQueues = try await Self.produceInBursts(producer, topic: topic, tokens: 0..<60)
        #expect(fullQueues > 0, "a 7-message queue must fill during 60 messages")
        try await producer.flush(timeout: .seconds(20))
        let delivered = try reports.all.map { ($0.token, try $0.result.get().offset) }.sorted { $0.1 < $1.1 }
        #expect(delivered.map(\.0) == Array(0..<60), "each token once, in offset order")
        await producer.close()
        await cluster.close()
    }

    /// Enqueues one message without headers; returns the error, if any.
    static func produceOne(_ burst: borrowing KafkaProducerBurst, topic: String, token: UInt64) -> KafkaError? {
        Array("m\(token)".utf8).withUnsafeBytes { value in
            do throws(KafkaError) {
                try burst.produce(topic: topic, key: nil, value: value,
                                  borrowedHeaders: UnsafeBufferPointer(start: nil, count: 0), token: token)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test("one burst to three topics in turn (the burst remembers two topic handles) puts every message in its own topic")
    func burstsToSeveralTopics() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let topics = ["a", "b", "c"].map { TestSupport.uniqueName("burst-topics-\($0)") }
        for topic in topics { try await cluster.createTopic(topic, partitions: 1) }
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        // a, b, a, b, c, a, ...: the third topic evicts a remembered handle now and then.
        let pattern = [0, 1, 0, 1, 2, 0, 1, 1, 0, 2, 2, 1]
        let errors = producer.withBurst { (burst: borrowing KafkaProducerBurst) -> [KafkaError] in
            var errors: [KafkaError] = []
            for (token, topic) in pattern.enumerated() {
                if let error = Self.produceOne(burst, topic: topics[topic], token: UInt64(token)) { errors.append(error) }
            }
            return errors
        }
        #expect(errors.isEmpty)
        try await producer.flush(timeout: .seconds(20))
        #expect(reports.all.allSatisfy { (try? $0.result.get()) != nil } && reports.count == pattern.count)
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: TestSupport.uniqueName("unused")),
            logger: TestSupport.logger)
        let marks = try await consumer.watermarks(topics.map { TopicPartition(topic: $0, partition: 0) })
        #expect(marks.map(\.high) == (0..<3).map { topic in Int64(pattern.filter { $0 == topic }.count) })
        await consumer.close()
        await producer.close()
        await cluster.close()
    }

    @Test("a close requested during a burst waits for it, and what the burst enqueued meanwhile is delivered")
    func closeWaitsForARunningBurst() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("burst-close", partitions: 1)
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        let events = Mutex<[String]>([])
        let (progress, continuation) = AsyncStream<String>.makeStream()
        // The burst runs on a thread of its own: it waits (inside the burst) until the close request
        // is visible, which a test must not do on the cooperative pool.
        Thread {
            let outcome = producer.withBurst { (burst: borrowing KafkaProducerBurst) -> String in
                if let error = Self.produceOne(burst, topic: topic, token: 0) { return "token 0: \(error)" }
                continuation.yield("started")
                let deadline = ContinuousClock.now + .seconds(20)
                while !producer.isClosed {
                    if ContinuousClock.now > deadline { return "the close request never became visible" }
                    usleep(1_000)
                }
                for token: UInt64 in 1..<5 {
                    if let error = Self.produceOne(burst, topic: topic, token: token) { return "token \(token): \(error)" }
                }
                return "ok"
            }
            events.withLock { $0.append("burst ended: \(outcome)") }
            continuation.finish()
        }.start()
        var iterator = progress.makeAsyncIterator()
        #expect(await iterator.next() == "started")
        await producer.close()
        events.withLock { $0.append("close returned") }
        #expect(events.withLock { $0 } == ["burst ended: ok", "close returned"])
        let delivered = try reports.all.map { ($0.token, try $0.result.get().offset) }.sorted { $0.1 < $1.1 }
        #expect(delivered.map(\.0) == Array(0..<5), "the burst's messages, enqueued while closing, were flushed")
        await cluster.close()
    }

    @Test("a burst on a closed producer refuses every message")
    func closedProducer() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1)
        let producer = try KafkaProducer(
            configuration: TestSupport.producerConfiguration(cluster), logger: TestSupport.logger) { _, _ in }
        await producer.close()
        let error = producer.withBurst { (burst: borrowing KafkaProducerBurst) -> KafkaError? in
            do throws(KafkaError) {
                try burst.produce(topic: "t", key: nil, value: nil, borrowedHeaders: UnsafeBufferPointer(start: nil, count: 0), token: 1)
                return nil
            } catch {
                return error
            }
        }
        #expect(error == .closed(operation: "produce"))
        await cluster.close()
    }
}
