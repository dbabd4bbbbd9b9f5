import KafkaClient
import Testing

extension IntegrationTests {
    /// Issue 23 item 3: a stop while another member joins commits what the stopping member answered,
    /// exits 0, and its successor repeats nothing answered before the stop.
    ///
    /// Member A answers every request (periodic commits are a minute apart, so only the stop commit
    /// hands the answers over); member B starts; A gets SIGTERM at several points of B's join (the
    /// mock answers a join after all members rejoined, or after session.timeout.ms − 1 s). When the
    /// coordinator refuses A's stop commit because of the rebalance, A commits in the
    /// rebalance's revocation, or inside the assignment that ends it, before B reads the committed offsets
    /// (``ReadinessPipeline/commitOnStop(_:deadline:)``).
    /// Afterwards B answers new requests on every partition; no request A answered may be answered again,
    /// also where the mock made A lose its partitions (ILLEGAL_GENERATION).
    @Suite struct FaultStopDuringRebalanceTests {
        static let partitions = 4

        @Test(arguments: [Duration.milliseconds(200), .milliseconds(1500), .milliseconds(3000), .milliseconds(4500)])
        func aStopDuringAnotherMembersJoinCommitsAndTheSuccessorRepeatsNothing(_ stopAfter: Duration) async throws {
            try await IntegrationEnvironment.with(partitions: Self.partitions, extraYAML: "  commit_interval_ms: 60000") { environment in
                let collector = environment.collector
                let first = try environment.startDaemon(name: "rebalance-stop-a")
                try await first.waitForLog("partitions assigned", timeout: .seconds(60))
                let early = try await environment.produce(RequestCorpus.requests(0..<10, prefix: "early"))
                try await Wait.until("the first requests answered") { early.allSatisfy(collector.hasAnswered) }
                let answered = early + (try await environment.produce(RequestCorpus.requests(0..<400, prefix: "before")))
                try await Wait.until("every request answered by A") { answered.allSatisfy(collector.hasAnswered) }

                let second = try environment.startDaemon(name: "rebalance-stop-b")
                let joinStarted = ContinuousClock.now
                // The stop's moment is the scenario's input, not a wait for a condition.
                try await Task.sleep(until: joinStarted + stopAfter)
                let stopped = ContinuousClock.now
                let status = try await first.terminate()
                let stopTime = ContinuousClock.now - stopped
                #expect(status == 0, "a stop during another member's join exits 0")
                let log = first.log
                #expect(log.contains("stop: committed the answered positions") || log.contains("stop: no answered positions to commit"),
                        "the stop committed what A answered")
                #expect(!log.contains("final commit failed"), "no final commit was given up")

                // B serves every partition: new requests on all of them are answered.
                try await second.waitForLog("partitions assigned", timeout: .seconds(60))
                var after: [SourcePosition] = []
                var batch = 0
                while Set(after.map(\.partition)).count < Self.partitions {
                    after += try await environment.produce(RequestCorpus.requests(batch * 50..<(batch + 1) * 50, prefix: "after"))
                    batch += 1
                }
                try await Wait.until("B answered the new requests on every partition", timeout: .seconds(60)) {
                    after.allSatisfy(collector.hasAnswered)
                }
                let ends = try await OutputEnds.snapshot(collector.consumer, topics: [environment.topics.responses, environment.topics.rejections],
                                                         partitions: Self.partitions)
                try await Wait.until("every output written so far read") { ends.isCovered(by: collector.all) }
                let answeredByA = Set(answered)
                var outputs: [SourcePosition: Int] = [:]
                for output in collector.all { outputs[SourcePosition(partition: output.sourcePartition, offset: output.sourceOffset), default: 0] += 1 }
                let repeats = answeredByA.filter { (outputs[$0] ?? 0) > 1 }
                // A stop commit refused with ILLEGAL_GENERATION makes librdkafka 2.0.2 declare A's partitions lost
                // (#4059); the rebalance that lets A commit again hands them to B. A commits inside that assignment,
                // before B reads the committed offsets (on main, which committed after the rejoin: 233 repeats).
                let lost = Self.lostWhileStopping(in: log)
                let onLost = repeats.filter { lost.contains($0.partition) }
                #expect(repeats.isEmpty,
                        "stop \(stopAfter) into B's join: \(repeats.count) requests A answered were answered again (\(onLost.count) on partitions A lost while stopping)")
                let committed = try await environment.committedOffsets(partitions: Self.partitions)
                #expect(try await second.terminate() == 0)
                let refusal = log.contains("stop commit refused during a rebalance")
                let inRevocation = log.contains("stop: committed the answered positions in a revocation")
                let inAssignment = log.contains("stop: committed the answered positions inside the assignment")
                print("fault-round stop-during-rebalance \(stopAfter): exit \(status) in \(stopTime), repeats \(repeats.count) of \(answeredByA.count) "
                      + "(\(onLost.count) on partitions lost while stopping: \(lost.sorted())), "
                      + "stop commit \(refusal ? "refused then made \(inRevocation ? "in the revocation" : inAssignment ? "inside the assignment" : "after the rejoin")" : "accepted at once"), "
                      + "committed \(committed.sorted { $0.key < $1.key }); logs \(first.logPath) \(second.logPath)")
            }
        }

        /// The input partitions a daemon's log reports lost after its stop began.
        static func lostWhileStopping(in log: String) -> Set<Int32> {
            guard let stop = log.range(of: "stopping: draining in-flight outputs") else { return [] }
            var partitions: Set<Int32> = []
            for line in log[stop.upperBound...].split(separator: "\n") where line.contains("Kafka partitions lost") {
                for match in line.matches(of: /requests\[(\d+)\]/) { if let partition = Int32(match.1) { partitions.insert(partition) } }
            }
            return partitions
        }
    }
}
