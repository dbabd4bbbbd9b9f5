import Testing

extension IntegrationTests {
    /// Scenario 1: SIGKILL at random points, restarting each time; nothing is lost.
    @Suite struct FaultCrashTests {
        @Test func sigkillAtRandomPointsLosesNothing() async throws {
            let kills = FaultScale.soak ? 15 : 5
            try await FaultScenario.run("sigkill") { environment, driver in
                var clock = RecoveryClock()
                var daemon = try environment.startDaemon(name: "sigkill-0")
                // Kill points spread over the run, each at a random place in its slice, while requests remain.
                let usable = driver.requests.count - 2 * driver.backlog
                let slice = usable / (kills + 1)
                for round in 1...kills {
                    try await driver.waitForAnswers(slice * round + Int.random(in: 0..<max(1, slice / 2)))
                    try await daemon.crash()
                    clock.injected()
                    daemon = try environment.startDaemon(name: "sigkill-\(round)")
                    try await clock.measure(environment.collector, until: driver.producedCount)
                }
                return ScenarioEnd(clock: clock, daemons: [daemon])
            }
        }
    }
}
