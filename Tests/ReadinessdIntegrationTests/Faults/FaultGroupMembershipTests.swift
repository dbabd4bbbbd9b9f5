import Testing

extension IntegrationTests {
    /// Scenario 4: three instances in one group — one joins mid-run, one leaves cleanly, one is killed.
    @Suite struct FaultGroupMembershipTests {
        @Test func instancesJoinLeaveAndDieWithoutLoss() async throws {
            try await FaultScenario.run("membership", requests: max(FaultScale.requests, 6000)) { environment, driver in
                var clock = RecoveryClock()
                let collector = environment.collector
                let first = try environment.startDaemon(name: "member-a")
                let second = try environment.startDaemon(name: "member-b")
                let step = (driver.requests.count - 2 * driver.backlog) / 4

                // A third instance joins mid-run: partitions move to it.
                try await driver.waitForAnswers(step)
                let third = try environment.startDaemon(name: "member-c")
                clock.injected()
                try await third.waitForLog("partitions assigned", timeout: .seconds(60))
                try await clock.measure(collector)

                // One leaves cleanly: it drains and commits before handing its partitions over.
                try await driver.waitForAnswers(2 * step)
                let duplicatesBefore = collector.count - collector.answeredCount
                clock.injected()
                #expect(try await second.terminate() == 0, "a clean leave exits 0")
                try await clock.measure(collector)
                let producedAtLeave = driver.producedCount
                try await driver.waitForAnswers(producedAtLeave, "requests produced before the leave answered")
                #expect(collector.count - collector.answeredCount == duplicatesBefore, "a clean leave yields no duplicates")

                // One is killed: its partitions move after the session timeout; redone requests may repeat.
                try await driver.waitForAnswers(3 * step)
                try await first.crash()
                clock.injected()
                try await clock.measure(collector)
                return ScenarioEnd(clock: clock, daemons: [third])
            }
        }
    }
}
