import Foundation
import KafkaClient
import Testing

/// `readinessd fleet` against the daemon as a separate process on an embedded broker.
extension IntegrationTests {
@Suite struct FleetTests {
    static var repositoryRoot: String { EmbeddedDefaultTests.repositoryRoot }
    /// The shipped snapshot: answers of every status that do not depend on today's date.
    static var shippedSnapshot: String { repositoryRoot + "/Config/registry.json" }

    /// Tenant/scope → readiness status of the shipped snapshot, plus an unregistered tenant.
    static let expected: [String: String] = [
        "tenant-ready/tenant-default": "ready", "tenant-demo/tenant-default": "degraded",
        "tenant-trial/tenant-default": "degraded", "tenant-regulated/regulated": "degraded",
        "tenant-suspended/tenant-default": "blocked", "tenant-rejected/tenant-default": "blocked",
        "tenant-archive/archive": "blocked", "tenant-tampered/regulated": "blocked",
        "tenant-legacy/tenant-default": "unknown", "tenant-legacy/unpublished": "unknown",
        "tenant-new/tenant-default": "unknown", "tenant-nobody/tenant-default": "blocked",
    ]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func everyStatusAndAnUnknownTenantWhileOtherTrafficIsIgnored() async throws {
        try await IntegrationEnvironment.with(partitions: 4, snapshotPath: Self.shippedSnapshot) { environment in
            let daemon = try environment.startDaemon(name: "fleet")
            try await daemon.waitForLog("partitions assigned")
            let tenants = ["tenant-ready", "tenant-demo", "tenant-trial", "tenant-regulated", "tenant-suspended",
                           "tenant-rejected", "tenant-archive", "tenant-legacy", "tenant-new", "tenant-tampered",
                           "tenant-nobody"]
            let file = NSTemporaryDirectory() + "fleet-tenants-\(UUID().uuidString).txt"
            try (tenants.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }

            // Other requests (valid ones and rejections, some for the same tenants) flow the whole time.
            let otherBefore = environment.collector.count
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var next = 0
                    while !Task.isCancelled {
                        try await environment.produce(RequestCorpus.requests(next..<next + 25, prefix: "other"))
                        next += 25
                    }
                }
                try await Wait.until("other traffic is being answered") { environment.collector.count > otherBefore + 25 }
                // --window 1: one request at a time, so the run spans many answers of the other traffic.
                let result = try await FleetProcess.run(["--config", environment.configPath, "--tenants", file,
                                                         "--format", "json", "--window", "1"])
                group.cancelAll()
                return result
            }

            #expect(result.status == 2, "exit status 2: something blocked\n\(result.stderr)")
            let report = try Self.json(result.stdout)
            #expect(report["completion"] as? String == "all_answered")
            #expect(report["exit_status"] as? Int == 2)
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["requests"] as? Int == Self.expected.count)
            #expect(summary["answered"] as? Int == Self.expected.count)
            #expect(summary["rejected"] as? Int == 0)
            #expect(summary["unanswered"] as? Int == 0)
            #expect(summary["readiness_status"] as? [String: Int] == ["ready": 1, "degraded": 3, "blocked": 5, "unknown": 3])
            #expect((summary["ignored_foreign_answers"] as? Int ?? 0) > 0, "answers to the other requests were seen and ignored")
            let results = try #require(report["results"] as? [[String: Any]])
            var statuses: [String: String] = [:]
            for row in results {
                let key = "\(row["tenant_id"] as? String ?? "")/\(row["catalog_scope"] as? String ?? "")"
                statuses[key] = row["readiness_status"] as? String
            }
            #expect(statuses == Self.expected)
            let nobody = try #require(results.first { $0["tenant_id"] as? String == "tenant-nobody" })
            #expect(nobody["blockers"] as? [String] == ["tenant tenant-nobody is not registered"])
            #expect(nobody["tenant_in_snapshot"] as? Bool == false)
            let top = try #require(summary["top_blockers"] as? [[String: Any]])
            #expect(!top.isEmpty)

            // Exactly one answer per fleet request reached the topics, and the report counted each once.
            // The test's collector is a consumer of its own: it may read the last answers a moment after the fleet did.
            let batch = try #require(report["batch_id"] as? String)
            func fleetCorrelationIDs() -> Set<String> {
                Set(environment.collector.all.compactMap { $0.header("x-correlation-id") }.filter { $0.hasPrefix(batch + "-") })
            }
            try await Wait.until("the collector read the fleet's answers") { fleetCorrelationIDs().count >= Self.expected.count }
            #expect(fleetCorrelationIDs().count == Self.expected.count)
            #expect(result.stderr.contains("fleet: sent 12/12  answered 12 (100.0%)"))
            #expect(try await daemon.terminate() == 0)
        }
    }

    @Test func readyRejectedAndUnansweredExitStatuses() async throws {
        try await IntegrationEnvironment.with(partitions: 2, snapshotPath: Self.shippedSnapshot) { environment in
            let daemon = try environment.startDaemon(name: "fleet-status")
            try await daemon.waitForLog("partitions assigned")
            let config = ["--config", environment.configPath]

            // All ready, tenants from stdin, table on stdout.
            let ready = try await FleetProcess.run(config + ["--tenants", "-"], stdin: "tenant-ready\n")
            #expect(ready.status == 0, "\(ready.stderr)")
            let row = ready.stdout.split(separator: "\n").first { $0.hasPrefix("tenant-ready ") }
            #expect(row?.split(separator: " ") == ["tenant-ready", "tenant-default", "ready", "ready", "-"])
            #expect(ready.stdout.contains("exit status 0: all ready"))

            // Only the approval check: tenant-demo is degraded; an over-long id is rejected by the service.
            let longID = String(repeating: "x", count: 300)
            let mixed = try await FleetProcess.run(
                config + ["--tenants", "-", "--checks", "approval_state", "--format", "csv"],
                stdin: "tenant-demo\n\(longID)\n")
            #expect(mixed.status == 3, "\(mixed.stderr)")
            let rows = mixed.stdout.components(separatedBy: "\r\n")
            #expect(rows[1].hasPrefix("tenant-demo,tenant-default,answered,degraded,ready,catalog-2026.11.01,approval workflow pending for policy pack starter-policy-1,"))
            #expect(rows[2].hasPrefix("\(longID),tenant-default,rejected,,,,,invalid_field,tenant_id,"))

            // Degraded or unknown only: exit 1.
            let degraded = try await FleetProcess.run(config + ["--tenants", "-"], stdin: "tenant-demo\ntenant-new\n")
            #expect(degraded.status == 1, "\(degraded.stderr)")

            // No service answering: the timeout ends the run, the report lists the request as unanswered.
            #expect(try await daemon.terminate() == 0)
            let out = NSTemporaryDirectory() + "fleet-report-\(UUID().uuidString).json"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let silent = try await FleetProcess.run(
                config + ["--tenants", "-", "--timeout", "2s", "--format", "json", "--out", out], stdin: "tenant-ready\n")
            #expect(silent.status == 3, "\(silent.stderr)")
            #expect(silent.stdout.isEmpty, "the report went to --out")
            let report = try Self.json(try String(contentsOfFile: out, encoding: .utf8))
            #expect(report["completion"] as? String == "timed_out")
            let summary = try #require(report["summary"] as? [String: Any])
            let unanswered = try #require(summary["unanswered_requests"] as? [[String: Any]])
            #expect(unanswered.map { $0["tenant_id"] as? String } == ["tenant-ready"])
        }
    }

    @Test func fleetFindsTheEmbeddedDefaultDaemon() async throws {
        let bootstrapFile = NSTemporaryDirectory() + "readinessd-bootstrap-\(UUID().uuidString)"
        let environment = ["READINESSD_KAFKA_EMBEDDED_BOOTSTRAP_FILE": bootstrapFile]
        let config = Self.repositoryRoot + "/Config/readinessd.yaml"
        let daemon = try DaemonProcess(["run", "--config", config], environment: environment, name: "fleet-embedded")
        try await daemon.waitForLog("partitions assigned")
        #expect(FileManager.default.fileExists(atPath: bootstrapFile))

        let result = try await FleetProcess.run(["--config", config, "--tenants", "all"], environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.contains("11 requests"))
        #expect(result.stdout.contains("answered 11  rejected 0  unanswered 0"))
        #expect(try await daemon.terminate() == 0)
        #expect(!FileManager.default.fileExists(atPath: bootstrapFile), "a clean stop withdraws the address")
    }
}
}
