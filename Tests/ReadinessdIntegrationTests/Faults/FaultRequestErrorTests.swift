import KafkaClient
import Testing

extension IntegrationTests {
    /// Scenario 3: injected protocol errors on every request type the daemon uses, and slow brokers.
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

        static let injections: [Injection] = [
            Injection(name: "produce retriable") { cluster in
                try await cluster.pushRequestErrors(apiKey: API.produce, errors: Array(repeating: [
                    Code.notEnoughReplicas, Code.notLeader, Code.requestTimedOut], count: 4).flatMap { $0 })
            },
            Injection(name: "produce non-retriable") { cluster in
                try await cluster.pushRequestErrors(apiKey: API.produce, errors: Array(repeating: [
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
            // A delivery that finally failed (non-retriable error) is produced again later, possibly after
            // younger outputs of its partition: order is reported (out_of_order), not required, here.
            try await FaultScenario.run("request-errors", requests: max(FaultScale.requests, 6000),
                                        requiresOrder: false) { environment, driver in
                var clock = RecoveryClock()
                let daemon = try environment.startDaemon(name: "request-errors")
                let step = (driver.requests.count - 2 * driver.backlog) / (rounds + 1)
                for round in 0..<rounds {
                    let injection = Self.injections[round % Self.injections.count]
                    try await driver.waitForAnswers(step * (round + 1))
                    try await injection.inject(environment.cluster)
                    clock.injected()
                    // Answers keep flowing through the errors (they are consumed by the next requests).
                    let elapsed = try await clock.measure(environment.collector, until: driver.producedCount)
                    try await driver.waitForAnswers(step * (round + 1) + step / 2)
                    try await injection.clear(environment.cluster)
                    print("fault-round request-errors \(injection.name): answers after \(elapsed)")
                }
                return ScenarioEnd(clock: clock, daemons: [daemon])
            }
        }
    }
}
