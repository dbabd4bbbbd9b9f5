import KafkaClient
import Testing

extension IntegrationTests {
    /// Scenario 2: a broker leading partitions goes down for 5–10 s and comes back; then all brokers for 5 s.
    @Suite struct FaultBrokerDownTests {
        @Test func brokersDownAndUpLoseNothing() async throws {
            try await FaultScenario.run("broker-down") { environment, driver in
                var clock = RecoveryClock()
                let daemon = try environment.startDaemon(name: "broker-down")
                let rounds = FaultScale.rounds
                let step = (driver.requests.count - 2 * driver.backlog) / (2 * rounds + 1)
                for round in 0..<rounds {
                    // Every broker leads some partitions (the mock spreads leaders over all brokers).
                    let broker = Int32(round % environment.cluster.brokerCount + 1)
                    try await driver.waitForAnswers(step * (2 * round + 1))
                    try await environment.cluster.setBrokerDown(broker)
                    clock.injected()
                    try await Self.hold(.seconds(Int.random(in: 5...10)), environment)
                    try await environment.cluster.setBrokerUp(broker)
                    try await clock.measure(environment.collector, until: driver.producedCount)

                    try await driver.waitForAnswers(step * (2 * round + 2))
                    for id in 1...Int32(environment.cluster.brokerCount) { try await environment.cluster.setBrokerDown(id) }
                    clock.injected()
                    try await Self.hold(.seconds(5), environment)
                    for id in 1...Int32(environment.cluster.brokerCount) { try await environment.cluster.setBrokerUp(id) }
                    try await clock.measure(environment.collector, until: driver.producedCount)
                }
                return ScenarioEnd(clock: clock, daemons: [daemon])
            }
        }

        /// Keeps a fault in place for `duration`: the outage length is the fault itself, not a synchronisation.
        static func hold(_ duration: Duration, _ environment: IntegrationEnvironment) async throws {
            let until = ContinuousClock.now + duration
            try await Wait.until("the outage lasted \(duration)", timeout: duration + .seconds(5)) { ContinuousClock.now >= until }
        }
    }
}
