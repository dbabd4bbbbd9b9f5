import Foundation
import Synchronization
import Testing

/// How a scenario's fault phase ended: its recovery figures and the daemons still running.
struct ScenarioEnd {
    var clock: RecoveryClock
    var daemons: [DaemonProcess]
}

/// Runs one fault scenario: a fresh environment, the load driver producing the scenario's mixed
/// requests in the background, the scenario's faults; then waits until every request is answered,
/// stops the remaining daemons cleanly (exit 0) and verifies every output.
enum FaultScenario {
    @discardableResult
    static func run(_ name: String, requests count: Int = FaultScale.requests, backlog: Int = FaultScale.backlog,
                    partitions: Int = FaultScale.partitions, released: Int? = nil, requiresOrder: Bool = true,
                    _ faults: @escaping @Sendable (IntegrationEnvironment, LoadDriver) async throws -> ScenarioEnd)
        async throws -> FaultFigures {
        let requests = FaultCorpus.requests(count, prefix: name)
        let figures = Mutex(FaultFigures(scenario: name))
        try await IntegrationEnvironment.with(partitions: partitions) { environment in
            let driver = LoadDriver(environment, requests: requests, backlog: backlog, released: released)
            let end = try await withThrowingTaskGroup(of: ScenarioEnd?.self) { group in
                group.addTask { try await driver.run(); return nil }
                group.addTask { try await faults(environment, driver) }
                var end: ScenarioEnd?
                for try await result in group { if let result { end = result } }
                return end!
            }
            try await driver.waitForAnswers(count, "requests answered", diagnosing: end.daemons)
            for daemon in end.daemons {
                // A daemon started a moment ago may not have installed its signal handling yet.
                try await daemon.waitForLog("starting readinessd")
                let started = ContinuousClock.now
                #expect(try await daemon.terminate() == 0, "\(name): clean stop exits 0")
                #expect(ContinuousClock.now - started < .seconds(25), "\(name): clean stop within the drain bound")
            }
            let expected = try ExpectedAnswers()
            let replacements = end.daemons.map { $0.log.components(separatedBy: "producer replaced").count - 1 }
            let stalls = end.daemons.map { $0.log.components(separatedBy: "intake stalled").count - 1 }
            let measured = FaultVerifier(requests: requests, positions: driver.positions, expected: expected,
                                         requiresOrder: requiresOrder)
                .verify(environment.collector.all, scenario: name, recovery: end.clock,
                        replacements: replacements.reduce(0, +), stalls: stalls.reduce(0, +))
            figures.withLock { $0 = measured }
        }
        return figures.withLock { $0 }
    }
}
