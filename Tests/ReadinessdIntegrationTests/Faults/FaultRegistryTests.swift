import Foundation
import ReadinessRegistry
import Testing

extension IntegrationTests {
    /// Scenario 7: the snapshot deleted, truncated or replaced by an invalid one while serving keeps the last
    /// good one serving; changed or removed artifacts change `artifact_integrity` only after a reload.
    @Suite struct FaultRegistryTests {
        @Test func registryTroubleNeverStopsTheAnswers() async throws {
            let directory = NSTemporaryDirectory() + "faults-registry-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: IntegrationEnvironment.fixtures, toPath: directory)
            let snapshotPath = directory + "/registry.json"
            let good = try String(contentsOfFile: snapshotPath, encoding: .utf8)
            let batch = FaultScale.soak ? 5000 : 400
            try await IntegrationEnvironment.with(partitions: FaultScale.partitions, snapshotPath: snapshotPath) { environment in
                let daemon = try environment.startDaemon(name: "registry")
                var phase = 0
                var clock = RecoveryClock()
                var total = FaultFigures(scenario: "registry")
                /// Sends one batch and verifies it against `snapshot` (what must be serving now).
                func serve(_ what: String, _ snapshot: RegistrySnapshot) async throws -> [OutputMessage] {
                    phase += 1
                    let requests = FaultCorpus.requests(batch, prefix: "registry\(phase)")
                    let positions = try await environment.produce(requests)
                    let wanted = Set(positions)
                    try await Wait.until("phase \(what) answered", timeout: FaultScale.completion) {
                        environment.collector.answeredSources.isSuperset(of: wanted)
                    }
                    let outputs = environment.collector.all.filter {
                        wanted.contains(SourcePosition(partition: $0.sourcePartition, offset: $0.sourceOffset))
                    }
                    let figures = FaultVerifier(requests: requests, positions: positions, expected: ExpectedAnswers(snapshot: snapshot))
                        .verify(outputs, scenario: "registry-\(what)", recovery: RecoveryClock())
                    total.requests += figures.requests
                    total.outputs += figures.outputs
                    total.duplicates += figures.duplicates
                    total.lost += figures.lost
                    total.wrong += figures.wrong
                    #expect(daemon.process.isRunning, "the daemon survives \(what)")
                    return outputs
                }
                /// Breaks the snapshot file with `action`, then waits until the daemon refused to load it.
                func refusedReload(_ what: String, signal: Bool = true, _ action: () throws -> Void) async throws {
                    let refusals = daemon.log.components(separatedBy: "reload refused").count
                    try action()
                    if signal { kill(daemon.process.processIdentifier, SIGHUP) }
                    clock.injected()
                    try await Wait.until("reload of the \(what) snapshot refused") {
                        daemon.log.components(separatedBy: "reload refused").count > refusals
                    }
                }
                let original = try SnapshotLoader.load(path: snapshotPath)
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                _ = try await serve("baseline", original)

                try await refusedReload("deleted") { try FileManager.default.removeItem(atPath: snapshotPath) }
                _ = try await serve("deleted", original)

                try await refusedReload("truncated") {
                    try String(good.prefix(300)).write(toFile: snapshotPath, atomically: false, encoding: .utf8)
                }
                _ = try await serve("truncated", original)

                try await refusedReload("invalid", signal: false) {
                    try #"{"schema_version":"readinessd.registry.v0","tenants":{}}"#
                        .write(toFile: snapshotPath + ".new", atomically: false, encoding: .utf8)
                    _ = rename(snapshotPath + ".new", snapshotPath)
                }
                _ = try await serve("invalid", original)

                // Artifacts change: nothing changes until a reload.
                let changed = directory + "/artifacts/starter-policy-2-2.0.0.tar"
                try Data("tampered".utf8).write(to: URL(fileURLWithPath: changed))
                try FileManager.default.removeItem(atPath: directory + "/artifacts/starter-policy-1-1.4.0.tar")
                let before = try await serve("artifacts-changed-no-reload", original)
                #expect(!before.contains { $0.valueText.contains("artifact digest mismatch") })

                try good.write(toFile: snapshotPath + ".new", atomically: false, encoding: .utf8)
                _ = rename(snapshotPath + ".new", snapshotPath)
                try await daemon.waitForLog("registry snapshot reloaded")
                let reloadedAt = ContinuousClock.now
                let reloaded = try SnapshotLoader.load(path: snapshotPath)
                let after = try await serve("artifacts-changed-reloaded", reloaded)
                clock.record(ContinuousClock.now - reloadedAt)
                #expect(after.contains { $0.valueText.contains("artifact digest mismatch for policy pack starter-policy-2") })
                #expect(after.contains { $0.valueText.contains("artifact for policy pack starter-policy-1 version 1.4.0 is missing") })

                #expect(try await daemon.terminate() == 0)
                total.faults = clock.faults
                total.worstRecovery = clock.worst
                print(total.line)
                #expect(total.lost == 0)
            }
        }
    }
}
