import KafkaClient
import Testing

extension IntegrationTests {
    /// Scenario 3: injected protocol errors on every request type the daemon uses, and slow brokers.
    /// First deliveries keep input order even through non-retriable produce errors: the daemon's
    /// gap-less producer turns such an error into a fatal one, and the daemon replaces the producer
    /// and produces the failed outputs again in input order before any younger output.
    @Suite struct FaultRequestErrorTests {
        typealias API = EmbeddedKafkaCluster.APIKey

        /// Kafka protocol error codes used below (the mock answers with them).
        enum Code {
            static let notLeader = KafkaErrorCode(rawValue: 6)
            static let requestTimedOut = KafkaErrorCode(rawValue: 7)
            static let coordinatorLoading = KafkaErrorCode(rawValue: 14)
            static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
            static let notCoordinator = KafkaErrorCode(rawValue: 16)
            static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
            static let unknownMemberID = KafkaErrorCode(rawValue: 25)
            static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
            static let topicAuthorizationFailed = KafkaErrorCode(rawValue: 29)
            static let storageError = KafkaErrorCode(rawValue: 56)
            static let invalidRecord = KafkaErrorCode(rawValue: 87)
        }

        /// One round of injected errors: a name, and how to inject it.
        struct Injection: Sendable {
            var name: String
            var inject: @Sendable (EmbeddedKafkaCluster) async throws -> Void
            var clear: @Sendable (EmbeddedKafkaCluster) async throws -> Void = { _ in }
        }

        /// The brokers leading the output topics' partitions; the requests topic is led by broker 1 only,
        /// so that injected Produce errors hit the daemon's producer, never the test's request producer.
        static let outputBrokers: [Int32] = [2, 3]

        /// Moves the leaders: every requests partition to broker 1, the output partitions to ``outputBrokers``.
        static func separateLeaders(_ environment: IntegrationEnvironment, partitions: Int) async throws {
            let topics = environment.topics
            for partition in 0..<Int32(partitions) {
                try await environment.cluster.setPartitionLeader(topic: topics.requests, partition: partition, broker: 1)
                let broker = outputBrokers[Int(partition) % outputBrokers.count]
                for topic in [topics.responses, topics.rejections] {
                    try await environment.cluster.setPartitionLeader(topic: topic, partition: partition, broker: broker)
                }
            }
        }

        /// Makes the next Produce requests on every output leader fail with `errors`, in order.
        static func pushProduceErrorsOnOutputLeaders(_ cluster: EmbeddedKafkaCluster, _ errors: [KafkaErrorCode]) async throws {
            for broker in outputBrokers {
                try await cluster.pushBrokerRequestErrorRTTs(broker: broker, apiKey: API.produce, errors: errors.map { ($0, 0) })
            }
        }

        static let injections: [Injection] = [
            Injection(name: "produce retriable") { cluster in
                try await pushProduceErrorsOnOutputLeaders(cluster, Array(repeating: [
                    Code.notEnoughReplicas, Code.notLeader, Code.requestTimedOut], count: 4).flatMap { $0 })
            },
            Injection(name: "produce non-retriable") { cluster in
                try await pushProduceErrorsOnOutputLeaders(cluster, Array(repeating: [
                    Code.invalidRecord, Code.topicAuthorizationFailed], count: 3).flatMap { $0 })
            },
            Injection(name: "offset commit") { cluster in
                try await cluster.pushRequestErrors(apiKey: API.offsetCommit, errors: [
                    Code.notCoordinator, Code.coordinatorLoading, Code.requestTimedOut, Code.unknownMemberID])
            },
            Injection(name: "fetch") { cluster in
                try await cluster.pushRequestErrors(apiKey: API.fetch, errors: Array(repeating: [
                    Code.notLeader, Code.storageError, Code.requestTimedOut], count: 3).flatMap { $0 })
            },
            Injection(name: "group membership") { cluster in
                try await cluster.pushRequestErrors(apiKey: API.joinGroup, errors: [Code.coordinatorNotAvailable, Code.notCoordinator])
                try await cluster.pushRequestErrors(apiKey: API.syncGroup, errors: [Code.rebalanceInProgress])
                try await cluster.pushRequestErrors(apiKey: API.heartbeat, errors: [Code.rebalanceInProgress, Code.unknownMemberID])
            },
            Injection(name: "slow brokers") { cluster in
                for broker in 1...Int32(cluster.brokerCount) { try await cluster.setBrokerRTT(broker, milliseconds: 400) }
            } clear: { cluster in
                for broker in 1...Int32(cluster.brokerCount) { try await cluster.setBrokerRTT(broker, milliseconds: 0) }
            },
        ]

        @Test func injectedRequestErrorsLoseNothing() async throws {
            let rounds = Self.injections.count * FaultScale.rounds
            // A non-retriable produce error is fatal to the daemon's gap-less producer, which is replaced; the
            // failed outputs are produced again before any younger one, so first deliveries stay in order.
            try await FaultScenario.run("request-errors", requests: max(FaultScale.requests, 6000)) { environment, driver in
                var clock = RecoveryClock()
                try await Self.separateLeaders(environment, partitions: FaultScale.partitions)
                // The embedded broker (librdkafka 2.0.2's mock) checks idempotent sequence numbers only for
                // transactional producers, so with several requests in flight a retried batch can land after
                // a younger one (seen in 3 of 12 runs with 5 in flight, 0 of 12 with 1). A real broker checks
                // them, so the default of 5 in flight keeps order there; here the daemon sends one at a time.
                let daemon = try environment.startDaemon(
                    name: "request-errors",
                    environment: ["READINESSD_KAFKA_PRODUCER_PROPERTIES_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION": "1"])
                let step = (driver.requests.count - 2 * driver.backlog) / (rounds + 1)
                for round in 0..<rounds {
                    let injection = Self.injections[round % Self.injections.count]
                    try await driver.waitForAnswers(step * (round + 1), diagnosing: [daemon])
                    try await injection.inject(environment.cluster)
                    clock.injected()
                    // Answers keep flowing through the errors (they are consumed by the next requests).
                    let elapsed = try await clock.measure(environment.collector, until: driver.producedCount)
                    try await driver.waitForAnswers(step * (round + 1) + step / 2, diagnosing: [daemon])
                    try await injection.clear(environment.cluster)
                    print("fault-round request-errors \(injection.name): answers after \(elapsed)")
                }
                return ScenarioEnd(clock: clock, daemons: [daemon])
            }
        }
    }
}
