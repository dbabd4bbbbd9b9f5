import KafkaClient
import Testing

extension IntegrationTests {
    /// Scenario 4's clean leave, reduced to its hard case: the stop's final commit is refused because
    /// the group is rebalancing (the coordinator answers `ILLEGAL_GENERATION`, as the mock does when a
    /// SIGTERM lands in another member's join). The daemon must rejoin, commit again with the new
    /// generation and only then leave, so that the next owner repeats nothing.
    @Suite struct FaultStopCommitRefusedTests {
        @Test func aStopCommitRefusedDuringARebalanceIsMadeAgainAfterTheRejoin() async throws {
            // One periodic commit at the first answer, then none for a minute: the stop commit is the one that matters.
            try await IntegrationEnvironment.with(partitions: 2, extraYAML: "  commit_interval_ms: 60000") { environment in
                let daemon = try environment.startDaemon(name: "stop-commit")
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                // The first answers start the committer's one commit; after it, it sleeps for a minute.
                let first = try await environment.produce(RequestCorpus.requests(0..<10, prefix: "first"))
                try await Wait.until("the first requests answered") { first.allSatisfy(environment.collector.hasAnswered) }
                try await Wait.until("the committer's first commit", timeout: .seconds(20)) {
                    try await environment.committedOffsets(partitions: 2).values.contains { $0 >= 0 }
                }
                let positions = first + (try await environment.produce(RequestCorpus.requests(0..<400)))
                try await Wait.until("every request answered") { positions.allSatisfy(environment.collector.hasAnswered) }
                var answered: [Int32: Int64] = [:]
                for position in positions { answered[position.partition] = max(answered[position.partition] ?? 0, position.offset + 1) }
                let before = try await environment.committedOffsets(partitions: 2)
                #expect(answered.contains { (before[$0.key] ?? -1) < $0.value }, "the answers are not all committed yet (\(before))")

                try await environment.cluster.pushRequestErrors(apiKey: EmbeddedKafkaCluster.APIKey.offsetCommit,
                                                                errors: [.illegalGeneration])
                #expect(try await daemon.terminate() == 0)
                let log = daemon.log
                #expect(log.contains("stop commit refused during a rebalance"), "the injected refusal reached the stop commit")
                #expect(log.contains("stop: committed the answered positions"), "the stop committed after rejoining")
                let committed = try await environment.committedOffsets(partitions: 2)
                for (partition, next) in answered.sorted(by: { $0.key < $1.key }) {
                    #expect(committed[partition] == next, "partition \(partition): committed \(committed[partition] ?? -1), answered up to \(next - 1)")
                }
                print("fault-round stop-commit-refused: committed before the stop \(before.sorted { $0.key < $1.key }), "
                      + "after \(committed.sorted { $0.key < $1.key }); log \(daemon.logPath)")
            }
        }
    }
}
