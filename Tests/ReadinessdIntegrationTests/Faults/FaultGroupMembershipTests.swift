import Testing

extension IntegrationTests {
    /// Scenario 4: three instances in one group — one joins mid-run, one leaves cleanly, one is killed.
    ///
    /// "A clean leave yields no duplicates" is checked on what the leaver hands over: on each input
    /// partition it committed on stop, the offsets below that position. From the moment the leaver has
    /// exited until the kill, no output may repeat such an offset (`handed-over repeats = 0`). When the
    /// SIGTERM lands in another member's rebalance the coordinator refuses the stop commit; the leaver
    /// then commits again once it has rejoined (``ReadinessPipeline/commitOnStop(_:deadline:)``). Recorded as a
    /// known issue (and printed as not met) instead: a refusal that made the leaver lose its partitions, which a
    /// survivor then starts from the old committed offset before the leaver's second commit lands. Repeats
    /// are found by output offset: the output topics' end offsets are snapshotted before the SIGTERM,
    /// after the exit and before the kill, and an output in a window is a repeat when its input
    /// position already had an output (``RepeatWindow``). Other repeats in those windows are printed
    /// as figures, by source partition, not forbidden: they are handovers between members during
    /// overlapping rebalances, whose revocation commits the librdkafka 2.0.2 mock coordinator refused
    /// (README "Reliability"). A survivor that loses its own partitions after a refused commit
    /// (librdkafka #4059) starts them again past what it answered (``KafkaStartPositions``).
    @Suite struct FaultGroupMembershipTests {
        @Test func instancesJoinLeaveAndDieWithoutLoss() async throws {
            let count = max(FaultScale.requests, 6000)
            let quarter = count / 4
            // Load is released a quarter at a time so that every membership change happens under load.
            try await FaultScenario.run("membership", requests: count, released: quarter) { environment, driver in
                var clock = RecoveryClock()
                let collector = environment.collector
                let first = try environment.startDaemon(name: "member-a")
                let second = try environment.startDaemon(name: "member-b")

                // A third instance joins mid-run: partitions move to it.
                try await driver.waitForAnswers(quarter / 2)
                let third = try environment.startDaemon(name: "member-c")
                driver.release(upTo: 2 * quarter)
                clock.injected()
                try await third.waitForLog("partitions assigned", timeout: .seconds(60))
                try await clock.measure(collector, until: driver.producedCount)

                // One leaves cleanly: it drains and commits before handing its partitions over.
                try await driver.waitForAnswers(2 * quarter)
                driver.release(upTo: 3 * quarter)
                clock.injected()
                let outputTopics = [environment.topics.responses, environment.topics.rejections]
                let leaveBegins = try await OutputEnds.snapshot(collector.consumer, topics: outputTopics, partitions: FaultScale.partitions)
                #expect(try await second.terminate() == 0, "a clean leave exits 0")
                let leaveEnds = try await OutputEnds.snapshot(collector.consumer, topics: outputTopics, partitions: FaultScale.partitions)
                // The leaver committed everything it answered: its stop commit succeeded (at once, or after
                // rejoining when a rebalance refused it), and the group's committed offsets cover its last
                // answered offsets (each position is the next offset to read).
                let leaverPositions = Self.stopPositions(in: second.log)
                let refusedStopCommit = Self.failedStopCommit(in: second.log)
                // A leaver whose partitions all went (revoked, or lost to the mock's rebalances) before its stop
                // has nothing to commit or hand over; what it lost is counted with the repeats below.
                let heldNothing = second.log.contains(/assigned_partitions=0 .*stop: no answered positions to commit/)
                #expect(refusedStopCommit.isEmpty && (!leaverPositions.isEmpty || heldNothing),
                        "the leaver's stop commit landed (refused and given up: \(refusedStopCommit))")
                let committed = try await environment.committedOffsets(partitions: FaultScale.partitions)
                for (partition, position) in leaverPositions.sorted(by: { $0.key < $1.key }) {
                    #expect((committed[partition] ?? -1) >= position,
                            "partition \(partition): committed \(committed[partition] ?? -1) covers the leaver's last answered offset \(position - 1)")
                }
                try await clock.measure(collector, until: 3 * quarter)
                let stop = try #require(second.log.range(of: "stopping: draining in-flight outputs"))
                let afterStop = second.log[stop.upperBound...]
                #expect(!afterStop.contains("unacknowledged outputs"), "the leaver delivered every output before leaving")
                #expect(afterStop.contains("left the group"))

                // One is killed: its partitions move after the session timeout; redone requests may repeat.
                driver.release(upTo: count)
                try await driver.waitForAnswers(3 * quarter + quarter / 3)
                let killed = try await OutputEnds.snapshot(collector.consumer, topics: outputTopics, partitions: FaultScale.partitions)
                try await first.crash()
                clock.injected()
                try await clock.measure(collector, until: driver.producedCount)

                try await Wait.until("the collector read every output written before the kill") { killed.isCovered(by: collector.all) }
                let outputs = collector.all
                let duringLeave = RepeatWindow(outputs, from: leaveBegins, to: leaveEnds)
                let afterLeave = RepeatWindow(outputs, from: leaveEnds, to: killed)
                let afterKill = RepeatWindow(outputs, from: killed, to: nil)
                // Handed over: what the leaver answered on its partitions at the stop, committed or not.
                let answeredAtStop = leaverPositions.merging(refusedStopCommit) { max($0, $1) }
                let handedOver = afterLeave.repeats.filter { $0.source.offset < answeredAtStop[$0.source.partition] ?? Int64.min }
                // One case is not met on the mock: the stop commit refused with ILLEGAL_GENERATION makes librdkafka
                // 2.0.2 declare the leaver's partitions lost (#4059); the rebalance that lets it commit again
                // gives them to a survivor, which fetches the old committed offset before that commit lands.
                // Swift Testing records it as a known issue then; in every other run it fails the test.
                let lostWhileStopping = afterStop.contains("Kafka partitions lost")
                if lostWhileStopping && !handedOver.isEmpty {
                    print("fault-round membership: NOT MET: the leaver's partitions were lost when the mock refused its stop commit "
                          + "(ILLEGAL_GENERATION); it committed after rejoining, but \(handedOver.count) offsets it handed over were answered again")
                }
                withKnownIssue("librdkafka 2.0.2 declared the leaver's partitions lost when the mock refused its stop commit (#4059)",
                               isIntermittent: true) {
                    #expect(handedOver.isEmpty, "no offset the leaver answered is answered again after it left: \(handedOver.prefix(10))")
                } when: {
                    lostWhileStopping
                }
                let recommitted = second.log.contains("stop commit refused during a rebalance")
                let holds = [first, second, third].map { $0.log.components(separatedBy: "commit refused during a rebalance").count - 1 }
                print("fault-round membership: leaver \(heldNothing ? "held no partition at its stop, " : "")committed\(recommitted ? " (after a refusal and its rejoin)" : "") \(leaverPositions.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }), "
                      + "answered \(answeredAtStop.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }) at its stop; "
                      + "repeats while it left [\(duringLeave.summary)], after it left until the kill \(afterLeave.repeats.count) "
                      + "[\(afterLeave.summary)] of which \(handedOver.count) handed-over, after the kill \(afterKill.repeats.count) "
                      + "[\(afterKill.summary)] (source partition:count(first..last offset)); commit holds per member \(holds); "
                      + "group \(environment.groupID); logs \(first.logPath) \(second.logPath) \(third.logPath)")
                return ScenarioEnd(clock: clock, daemons: [third])
            }
        }

        /// The positions (input partition → next offset to read) of the final commits that failed during a
        /// daemon's stop (`final commit failed` lines after `stopping:` list them as `topic[partition]@offset`).
        static func failedStopCommit(in log: String) -> [Int32: Int64] {
            guard let stop = log.range(of: "stopping: draining in-flight outputs") else { return [:] }
            var positions: [Int32: Int64] = [:]
            for line in log[stop.upperBound...].split(separator: "\n") where line.contains("final commit failed") {
                for match in line.matches(of: /requests\[(\d+)\]@(\d+)/) {
                    if let partition = Int32(match.1), let offset = Int64(match.2) {
                        positions[partition] = max(positions[partition] ?? 0, offset)
                    }
                }
            }
            return positions
        }

        /// The positions (input partition → next offset to read) a daemon logged as committed on its stop.
        static func stopPositions(in log: String) -> [Int32: Int64] {
            guard let line = log.split(separator: "\n").last(where: { $0.contains("stop: committed the answered positions") }),
                  let field = line.split(separator: " ").first(where: { $0.hasPrefix("positions=") }) else { return [:] }
            var positions: [Int32: Int64] = [:]
            for pair in field.dropFirst("positions=".count).split(separator: ",") {
                let parts = pair.split(separator: ":")
                if parts.count == 2, let partition = Int32(parts[0]), let offset = Int64(parts[1]) { positions[partition] = offset }
            }
            return positions
        }
    }
}
