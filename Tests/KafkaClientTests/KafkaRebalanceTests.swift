@testable import KafkaClient
import Testing

@Suite("Consumer-group rebalance", .timeLimit(.minutes(1)))
struct KafkaRebalanceTests {
    @Test("the first member's revocation completes before a joining member gets the partitions")
    func revokeBeforeMove() async throws {
        let (cluster, topic) = try await TestSupport.clusterWithTopic("rebalance", partitions: 4)
        let group = TestSupport.uniqueName("group")
        let reports = DeliveryCollector()
        let producer = try TestSupport.producer(cluster, reports: reports)
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 0..<200)

        let first = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group), logger: TestSupport.logger)
        try await first.subscribe(topics: [topic])
        let firstRecorder = ConsumerRecorder()
        async let firstDriven: Void = first.drive(recorder: firstRecorder, commitEachBatch: true)
        try await TestSupport.waitUntil("first member consumed all 200") { firstRecorder.messageCount == 200 }
        #expect(first.assignment.count == 4)
        let committedBeforeJoin = firstRecorder.nextOffsets()
        try await first.commit(committedBeforeJoin)  // the group is stable: this cannot be refused

        let second = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(cluster, group: group), logger: TestSupport.logger)
        try await second.subscribe(topics: [topic])
        let secondRecorder = ConsumerRecorder()
        async let secondDriven: Void = second.drive(recorder: secondRecorder, commitEachBatch: true)
        try await TestSupport.waitUntil("second member got partitions", timeout: .seconds(40)) {
            !secondRecorder.assignedPartitions.isEmpty
        }

        let revocations = firstRecorder.revocations
        #expect(revocations.count == 1)
        let revoked = Set(revocations.flatMap(\.partitions))
        #expect(revoked == secondRecorder.assignedPartitions, "cooperative: exactly the moved partitions are revoked")
        #expect(revocations.allSatisfy { $0.isCompleted && !$0.isLost })
        let revokedAt = try #require(firstRecorder.state.withLock { $0.revokedAt.first })
        let assignedAt = try #require(secondRecorder.state.withLock { $0.assignedAt.first })
        #expect(revokedAt < assignedAt, "the revocation completes before the partitions move")
        #expect(first.assignment.count + second.assignment.count == 4)
        #expect(first.assignment.isDisjoint(with: second.assignment))

        // New messages: each goes to its partition's current owner only, and
        // the second member never sees a message the first one committed.
        let firstCountBefore = firstRecorder.messageCount
        try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: 200..<400)
        try await TestSupport.waitUntil("all 400 consumed once") {
            firstRecorder.messageCount + secondRecorder.messageCount >= 400
        }
        let committedByPartition = Dictionary(
            uniqueKeysWithValues: committedBeforeJoin.map { ($0.topicPartition, $0.offset) })
        for message in secondRecorder.messages {
            let partition = TopicPartition(topic: message.topic, partition: message.partition)
            #expect(revoked.contains(partition))
            #expect(message.offset >= committedByPartition[partition] ?? 0)
        }
        let lateForRevoked = firstRecorder.messages.dropFirst(firstCountBefore).filter {
            revoked.contains(TopicPartition(topic: $0.topic, partition: $0.partition))
        }
        #expect(lateForRevoked.isEmpty, "no message of a revoked partition after the revocation")
        let allValues = (firstRecorder.messages + secondRecorder.messages).compactMap(\.value)
        #expect(allValues.count == 400)
        #expect(Set(allValues).count == 400)

        await second.close()
        await secondDriven
        await first.close()
        await firstDriven
        await producer.close()
        await cluster.close()
    }
}

@Suite("Consumer-group rebalance with a busy member", .timeLimit(.minutes(1)))
struct KafkaBusyRebalanceTests {
    @Test("a slow member: undelivered messages of revoked partitions are dropped and go to the new owner")
    func undeliveredMessagesMove() async throws {
        let backlog = try await Backlog("busy", partitions: 4, messages: 0..<600)
        let first = try await backlog.member(KafkaConsumerOptions(maxBatchSize: 10, maxBufferedBatches: 4))
        try await TestSupport.waitUntil("first member assigned") { first.assignment.count == 4 }
        let second = try await backlog.member()
        let secondRecorder = ConsumerRecorder()
        async let secondDriven: Void = second.drive(recorder: secondRecorder)

        // The first member is slow (simulated processing time per batch), so
        // batches pile up in its buffer while the group rebalances.
        let firstRecorder = ConsumerRecorder()
        var events = first.events.makeAsyncIterator()
        var revocation: KafkaRevocation?
        while revocation == nil, let event = await events.next() {
            switch event {
            case .messages(let batch):
                firstRecorder.record(batch)
                try await Task.sleep(for: .milliseconds(100))  // "processing"
            case .partitionsRevoked(let revoked):
                // A rebalance may refuse the commit (at-least-once): the
                // assertions below use what the group actually committed.
                try? await first.commit(firstRecorder.nextOffsets(in: revoked.partitions))
                revocation = revoked
                revoked.complete()
            case .partitionsAssigned:
                break
            }
        }
        let revoked = Set(try #require(revocation).partitions)
        #expect(revoked.count == 2)
        let countAtRevocation = firstRecorder.messageCount
        let committed = try await first.committed(Array(revoked))
        async let firstDrained: Void = Self.record(remaining: events, into: firstRecorder)

        // Redelivered messages count twice, so wait on distinct values, not on a total.
        try await TestSupport.waitUntil("all 600 messages consumed by the group", timeout: .seconds(40)) {
            Set((firstRecorder.messages + secondRecorder.messages).compactMap(\.value)).count == 600
                && !secondRecorder.assignedPartitions.isEmpty
        }
        let isRevoked = { (message: ReceivedMessage) in
            revoked.contains(TopicPartition(topic: message.topic, partition: message.partition))
        }
        #expect(!firstRecorder.messages.dropFirst(countAtRevocation).contains(where: isRevoked),
            "no revoked-partition message after the revocation")
        #expect(secondRecorder.assignedPartitions == revoked)
        // The new owner continues exactly at the committed offsets: the
        // purged (fetched, undelivered) messages are redelivered.
        let committedByPartition = Dictionary(uniqueKeysWithValues: committed.map { ($0.partition, max(0, $0.offset)) })
        for partition in revoked {
            let offsets = secondRecorder.messages.filter { $0.partition == partition.partition }.map(\.offset)
            let start = committedByPartition[partition.partition] ?? 0
            #expect(offsets == Array(start..<(start + Int64(offsets.count))))
        }
        #expect(Set((firstRecorder.messages + secondRecorder.messages).compactMap(\.value)).count == 600)

        await second.close()
        await secondDriven
        await first.close()
        await firstDrained
        await backlog.close()
    }

    /// librdkafka keeps a partition's application pause across unassign and assign (librdkafka #1849). A
    /// member that paused fetching for back-pressure and lost a partition in a rebalance resumes only the
    /// partitions it still has when it catches up; the lost one must not come back paused.
    @Test("a partition revoked while fetching was paused for back-pressure fetches again when assigned back")
    func partitionRevokedWhileThrottledFetchesAgain() async throws {
        let backlog = try await Backlog("throttled", partitions: 2, messages: 0..<200)
        let first = try await backlog.member(
            KafkaConsumerOptions(maxBatchSize: 10, maxBufferedBatches: 2, pauseFetchingAfter: .milliseconds(50)))
        try await TestSupport.waitUntil("first member assigned") { first.assignment.count == 2 }
        // The first member reads nothing yet: its buffer fills and it pauses fetching.
        try await TestSupport.waitUntil("first member paused fetching for back-pressure") { first.isFetchThrottled }

        let second = try await backlog.member()
        let secondRecorder = ConsumerRecorder()
        async let secondDriven: Void = second.drive(recorder: secondRecorder)

        // Reading up to the revocation drains the buffer: the throttle lifts once the rebalance is served.
        let firstRecorder = ConsumerRecorder()
        var events = first.events.makeAsyncIterator()
        var revoked: [TopicPartition] = []
        while revoked.isEmpty, let event = await events.next() {
            switch event {
            case .messages(let batch): firstRecorder.record(batch)
            case .partitionsRevoked(let revocation):
                revoked = revocation.partitions
                revocation.complete()
            case .partitionsAssigned: break
            }
        }
        #expect(revoked.count == 1)
        async let firstDrained: Void = Self.record(remaining: events, into: firstRecorder)
        try await TestSupport.waitUntil("second member assigned") { !secondRecorder.assignedPartitions.isEmpty }

        // The second member leaves: its partition goes back to the first, which must fetch it.
        await second.close()
        await secondDriven
        try await TestSupport.waitUntil("first member assigned both partitions again") { first.assignment.count == 2 }
        try await TestSupport.produceAndWait(backlog.producer, reports: backlog.reports, topic: backlog.topic, range: 200..<400)
        try await TestSupport.waitUntil("all 400 messages consumed by the group", timeout: .seconds(40)) {
            Set((firstRecorder.messages + secondRecorder.messages).compactMap(\.value)).count == 400
        }

        await first.close()
        await firstDrained
        await backlog.close()
    }

    /// A one-broker cluster with a new topic holding messages `range`, the producer that wrote them, and
    /// a consumer group for it.
    private struct Backlog {
        let cluster: EmbeddedKafkaCluster
        let topic: String
        let group = TestSupport.uniqueName("group")
        let reports = DeliveryCollector()
        let producer: KafkaProducer

        init(_ prefix: String, partitions: Int, messages range: Range<Int>) async throws {
            cluster = try EmbeddedKafkaCluster(brokers: 1)
            topic = TestSupport.uniqueName(prefix)
            try await cluster.createTopic(topic, partitions: partitions)
            producer = try TestSupport.producer(cluster, reports: reports)
            try await TestSupport.produceAndWait(producer, reports: reports, topic: topic, range: range)
        }

        /// A new member of the group, subscribed to the topic.
        func member(_ options: KafkaConsumerOptions = KafkaConsumerOptions()) async throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(
                configuration: TestSupport.consumerConfiguration(cluster, group: group), options: options,
                logger: TestSupport.logger)
            try await consumer.subscribe(topics: [topic])
            return consumer
        }

        func close() async {
            await producer.close()
            await cluster.close()
        }
    }

    private static func record(remaining events: KafkaConsumerEvents.AsyncIterator, into recorder: ConsumerRecorder) async {
        var events = events
        while let event = await events.next() {
            switch event {
            case .messages(let batch): recorder.record(batch)
            case .partitionsRevoked(let revocation): revocation.complete()
            case .partitionsAssigned: break
            }
        }
    }

    @Test("close() completes a revocation the application never completes")
    func closeDuringRevocation() async throws {
        let backlog = try await Backlog("stuck", partitions: 2, messages: 0..<0)
        let first = try await backlog.member(KafkaConsumerOptions(revocationTimeout: .seconds(50)))
        try await TestSupport.waitUntil("first member assigned") { first.assignment.count == 2 }

        let second = try await backlog.member()
        let secondRecorder = ConsumerRecorder()
        async let secondDriven: Void = second.drive(recorder: secondRecorder)

        var events = first.events.makeAsyncIterator()
        var pending: KafkaRevocation?
        while pending == nil, let event = await events.next() {
            if case .partitionsRevoked(let revocation) = event { pending = revocation }
        }
        let revocation = try #require(pending)
        #expect(!revocation.isCompleted)
        let start = ContinuousClock.now
        await first.close()  // must not wait for the 50 s revocation timeout
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(revocation.isCompleted)
        let afterClose = await events.next()
        #expect(afterClose == nil)
        await #expect(throws: KafkaError.closed(operation: "commit")) {
            try await first.commit([TopicPartitionOffset(topic: backlog.topic, partition: 0, offset: 1)])
        }
        try await TestSupport.waitUntil("second member takes over", timeout: .seconds(40)) {
            second.assignment.count == 2
        }
        await second.close()
        await secondDriven
        await backlog.close()
    }
}
