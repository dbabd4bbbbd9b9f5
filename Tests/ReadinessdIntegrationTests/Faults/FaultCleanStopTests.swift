import Testing

extension IntegrationTests {
    /// Scenario 5: SIGTERM under full load exits 0 within the drain bound; the restart redoes nothing.
    @Suite struct FaultCleanStopTests {
        @Test func sigtermUnderFullLoadThenRestartYieldsNoDuplicates() async throws {
            let count = max(FaultScale.requests, 20_000)
            let figures = try await FaultScenario.run("clean-stop", requests: count, backlog: count) { environment, driver in
                var clock = RecoveryClock()
                let collector = environment.collector
                let first = try environment.startDaemon(name: "clean-stop-a")
                try await driver.waitForAnswers(count / 10)
                let started = ContinuousClock.now
                clock.injected()
                #expect(try await first.terminate() == 0, "SIGTERM under load exits 0")
                let stopTime = ContinuousClock.now - started
                #expect(stopTime < .seconds(20), "stopped within processing.drain_timeout_seconds (20 s)")
                // Outputs the first daemon produced may still be arriving: compare both counts at one moment.
                let atStop = collector.snapshot
                let (outputsAtStop, answeredAtStop) = (atStop.outputs, atStop.answered.count)
                #expect(answeredAtStop < count, "the stop landed mid-run (\(answeredAtStop) of \(count) answered)")
                #expect(outputsAtStop == answeredAtStop, "no duplicates before the restart")
                print("fault-round clean-stop: stopped in \(stopTime) with \(answeredAtStop) of \(count) answered")
                let second = try environment.startDaemon(name: "clean-stop-b")
                try await clock.measure(collector, until: driver.producedCount)
                return ScenarioEnd(clock: clock, daemons: [second])
            }
            #expect(figures.duplicates == 0, "a restart after a clean stop redoes nothing")
        }
    }
}
