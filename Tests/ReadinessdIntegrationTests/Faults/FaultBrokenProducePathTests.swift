import KafkaClient
import Testing

extension IntegrationTests {
    /// Scenario 8: a produce path that stays broken (every Produce fails with a non-retriable
    /// authorization error): nothing is committed past unanswered requests, the failure is logged,
    /// and after `processing.produce_failure_exit_after_seconds` the daemon exits 75 to be restarted.
    /// The restarted daemon, with the path repaired, answers everything.
    @Suite struct FaultBrokenProducePathTests {
        @Test func brokenProducePathHoldsCommitsThenExitsForARestart() async throws {
            let partitions = 4
            let count = FaultScale.soak ? 20_000 : 2000
            let requests = FaultCorpus.requests(count, prefix: "broken")
            try await IntegrationEnvironment.with(partitions: partitions) { environment in
                var clock = RecoveryClock()
                let positions = try await environment.produce(requests)
                try await environment.cluster.pushRequestErrors(
                    apiKey: EmbeddedKafkaCluster.APIKey.produce,
                    errors: Array(repeating: FaultRequestErrorTests.Code.topicAuthorizationFailed, count: 100_000))
                clock.injected()
                let broken = try environment.startDaemon(
                    name: "broken", environment: ["READINESSD_PROCESSING_PRODUCE_FAILURE_EXIT_AFTER_SECONDS": "8"])
                try await broken.waitForLog("produce path failing", timeout: .seconds(60))
                let failingAt = ContinuousClock.now
                #expect(try await broken.waitForExit(timeout: .seconds(60)) == 75, "exit status 75 (EX_TEMPFAIL) for systemd to restart")
                print("fault-round broken-produce: exited \(ContinuousClock.now - failingAt) after the failure was logged")
                #expect(broken.log.contains("giving up: outputs undeliverable"))
                #expect(broken.log.contains("TOPIC_AUTHORIZATION_FAILED"))
                #expect(environment.collector.count == 0, "nothing was delivered")
                let committed = try await environment.committedOffsets(partitions: partitions)
                for partition in 0..<Int32(partitions) {
                    #expect((committed[partition] ?? -1) <= 0, "partition \(partition): nothing committed past unanswered requests")
                }

                // The path is repaired; the restarted daemon answers every request.
                try await environment.cluster.clearRequestErrors(apiKey: EmbeddedKafkaCluster.APIKey.produce)
                let restarted = try environment.startDaemon(name: "repaired")
                try await clock.measure(environment.collector, until: count)
                #expect(try await restarted.terminate() == 0)
                FaultVerifier(requests: requests, positions: positions, expected: try ExpectedAnswers())
                    .verify(environment.collector.all, scenario: "broken-produce", recovery: clock)
            }
        }
    }
}
