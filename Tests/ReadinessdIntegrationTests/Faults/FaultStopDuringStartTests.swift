import Foundation
import KafkaClient
import Testing

extension IntegrationTests {
    /// Issue 23 item 2: a stop at any moment of the start, the first group join included, ends with
    /// exit 0, never an abort. librdkafka 2.0.2 aborts in `rd_kafka_destroy`
    /// (`rd_kafka_sticky_assignor_state_destroy: Assertion 'assignor_state' failed`, #4312) when a
    /// cooperative-sticky member whose JoinGroup was answered is destroyed before its first SyncGroup
    /// answer. The embedded broker answers every SyncGroup late here (2.5 s), which holds each
    /// daemon in that window for a while after its first join (about 3 s after start); daemons are
    /// stopped with SIGTERM at 0.5 s steps through their first 15 s, 30 stops, a few at a time, each
    /// in its own group.
    @Suite struct FaultStopDuringStartTests {
        static let steps = 30
        static let step: Duration = .milliseconds(500)
        static let concurrent = 5
        static let syncGroupDelayMilliseconds = 2500

        /// How one stop ended.
        struct Outcome: Sendable {
            var after: Duration
            var status: Int32
            var aborted: Bool
            var stoppedInJoin: Bool
            var log: String
        }

        @Test func aStopAtAnyMomentOfTheStartExitsCleanly() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                for broker in Int32(1)...Int32(environment.cluster.brokerCount) {
                    try await environment.cluster.pushBrokerRequestErrorRTTs(
                        broker: broker, apiKey: EmbeddedKafkaCluster.APIKey.syncGroup,
                        errors: Array(repeating: (.noError, Self.syncGroupDelayMilliseconds), count: 4 * Self.steps))
                }
                let started = ContinuousClock.now
                var outcomes: [Outcome] = []
                for wave in stride(from: 1, through: Self.steps, by: Self.concurrent) {
                    let steps = wave..<min(wave + Self.concurrent, Self.steps + 1)
                    outcomes += try await withThrowingTaskGroup(of: Outcome.self) { group in
                        for step in steps {
                            group.addTask { try await Self.stop(environment, after: Self.step * step, name: "stop-\(step)") }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
                outcomes.sort { $0.after < $1.after }
                let aborts = outcomes.filter(\.aborted)
                let unclean = outcomes.filter { !$0.aborted && $0.status != 0 }
                let inJoin = outcomes.filter(\.stoppedInJoin)
                #expect(aborts.isEmpty, "stops that aborted: \(aborts.map { "\($0.after): signal \($0.status)" })")
                #expect(unclean.isEmpty, "stops that exited non-zero: \(unclean.map { "\($0.after): \($0.status)" })")
                #expect(!inJoin.isEmpty, "some stops landed in the first group join")
                print("fault-round stop-during-start: \(outcomes.count) stops at \(Self.step) steps, \(aborts.count) aborts, "
                      + "\(unclean.count) non-zero exits, \(inJoin.count) in the first join "
                      + "(at \(inJoin.map { "\($0.after)" }.joined(separator: ", "))); exit statuses "
                      + "\(outcomes.map { "\($0.status)\($0.aborted ? "(signal)" : "")" }.joined(separator: ",")); "
                      + "wall time \(ContinuousClock.now - started)")
            }
        }

        /// Starts a daemon in its own group, SIGTERMs it `after` its start and reports how it ended.
        static func stop(_ environment: IntegrationEnvironment, after: Duration, name: String) async throws -> Outcome {
            let start = ContinuousClock.now
            let daemon = try environment.startDaemon(
                name: name, environment: ["READINESSD_KAFKA_GROUP_ID": "\(environment.groupID)-\(name)"])
            // The stop time is the scenario's input, not a wait for a condition.
            try await Task.sleep(until: start + after)
            let status = try await daemon.terminate(timeout: .seconds(40))
            let log = daemon.log
            return Outcome(after: after, status: status, aborted: daemon.process.terminationReason == .uncaughtSignal,
                           stoppedInJoin: log.contains("stopped during its first group join"), log: log)
        }
    }
}
