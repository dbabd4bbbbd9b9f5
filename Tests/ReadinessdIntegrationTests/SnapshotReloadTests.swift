import Foundation
import Testing

extension IntegrationTests {
    /// SIGHUP and file changes reload the registry snapshot; a refused snapshot changes nothing.
    @Suite struct SnapshotReloadTests {
        @Test func reloadSwapsGoodSnapshotsAndKeepsServingAfterBadOnes() async throws {
            let directory = NSTemporaryDirectory() + "reload-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: IntegrationEnvironment.fixtures, toPath: directory)
            let snapshotPath = directory + "/registry.json"
            let original = try String(contentsOfFile: snapshotPath, encoding: .utf8)
            try await IntegrationEnvironment.with(partitions: 1, snapshotPath: snapshotPath) { environment in
                let daemon = try environment.startDaemon(name: "reload")
                try await daemon.waitForLog("partitions assigned")
                func answer(_ index: Int) async throws -> String {
                    let before = environment.collector.count
                    try await environment.produce([RequestCorpus.request(index * 5, prefix: "reload")])
                    try await Wait.until("answer \(index)") { environment.collector.count > before }
                    return environment.collector.all.last!.valueText
                }
                #expect(try await answer(0).contains(#""registry_revision":"2026.06.02-1""#))

                // A good snapshot: new revision, service degraded.
                let updated = original.replacingOccurrences(of: #""revision": "2026.06.02-1""#, with: #""revision": "2026.06.03-1""#)
                    .replacingOccurrences(of: #""status": "available""#, with: #""status": "degraded""#)
                try updated.write(toFile: snapshotPath + ".new", atomically: false, encoding: .utf8)
                _ = rename(snapshotPath + ".new", snapshotPath)
                kill(daemon.process.processIdentifier, SIGHUP)
                try await daemon.waitForLog("registry snapshot reloaded")
                let reloaded = try await answer(1)
                #expect(reloaded.contains(#""registry_revision":"2026.06.03-1""#))
                #expect(reloaded.contains("policy registry service degraded"))

                // A truncated snapshot is refused; the last good one keeps serving.
                try String(updated.prefix(200)).write(toFile: snapshotPath, atomically: true, encoding: .utf8)
                kill(daemon.process.processIdentifier, SIGHUP)
                try await daemon.waitForLog("reload refused")
                #expect(try await answer(2).contains(#""registry_revision":"2026.06.03-1""#))

                // Without a signal: a new file renamed into place is picked up by the file watcher.
                let third = original.replacingOccurrences(of: #""revision": "2026.06.02-1""#, with: #""revision": "2026.06.04-1""#)
                try third.write(toFile: snapshotPath + ".next", atomically: false, encoding: .utf8)
                _ = rename(snapshotPath + ".next", snapshotPath)
                try await daemon.waitForLog("revision=2026.06.04-1")
                #expect(try await answer(3).contains(#""registry_revision":"2026.06.04-1""#))
                #expect(try await daemon.terminate() == 0)
            }
        }
    }
}
