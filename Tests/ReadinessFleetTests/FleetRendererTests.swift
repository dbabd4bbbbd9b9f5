import Foundation
import ReadinessContract
import Testing
@testable import ReadinessFleet

@Suite struct FleetRendererTests {
    let report = FleetFixtures.report(["tenant-ready", "tenant-blocked", "tenant,\"odd\"", "=cmd"], answers: [
        0: FleetFixtures.response(.ready),
        1: FleetFixtures.response(.blocked, catalog: .blocked,
                                  blockers: ["tenant tenant-blocked is not registered", "catalog c version v is expired"]),
        2: FleetFixtures.rejection,
    ], timedOut: true)

    @Test func tableListsEveryRowThenTheSummary() {
        let text = FleetTableRenderer().render(report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("TENANT"))
        #expect(lines[1].hasPrefix("tenant-ready  "))
        #expect(lines[1].contains("ready"))
        #expect(lines[2].contains("blocked") && lines[2].hasSuffix("tenant tenant-blocked is not registered; catalog c version v is expired"))
        #expect(lines[3].contains("REJECTED") && lines[3].contains("invalid_field at tenant_id: tenant_id must be 1 to 256 characters"))
        #expect(lines[4].contains("UNANSWERED"))
        // Columns line up: the scope column starts at the same offset in every row.
        let offsets = lines[1...4].map { $0.range(of: "tenant-default")!.lowerBound.utf16Offset(in: $0) }
        #expect(Set(offsets).count == 1)
        #expect(text.contains("Fleet fleet-20260602T120000Z-abc123: 4 requests, 1.3 s, timed out, registry revision rev-1"))
        #expect(text.contains("answered 2  rejected 1  unanswered 1"))
        #expect(text.contains("readiness:  ready 1  degraded 0  blocked 1  unknown 0"))
        #expect(text.contains("\n    1  tenant * is not registered\n"))
        #expect(text.contains("  unanswered (1):\n    =cmd tenant-default\n"))
        #expect(text.contains("  rejected (1):\n    tenant,\"odd\" tenant-default — invalid_field at tenant_id"))
        #expect(text.hasSuffix("exit status 3: unanswered, rejected or unsent requests\n"))
    }

    @Test func jsonIsOneDocumentWithSummaryAndResults() throws {
        let bytes = FleetJSONRenderer().render(report)
        // Strict JSON (no duplicate keys, valid UTF-8), as the service itself would accept it.
        var parser = StrictJSONParser()
        #expect(bytes.withUnsafeBytes { parser.parse($0) } == nil)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(root["schema_version"] as? String == "readinessd.fleet-report.v1")
        #expect(root["batch_id"] as? String == "fleet-20260602T120000Z-abc123")
        #expect(root["started_at"] as? String == "2026-06-02T12:00:00Z")
        #expect(root["duration_ms"] as? Int == 1250)
        #expect(root["completion"] as? String == "timed_out")
        #expect(root["exit_status"] as? Int == 3)
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["requests"] as? Int == 4)
        #expect(summary["answered"] as? Int == 2)
        #expect(summary["rejected"] as? Int == 1)
        #expect(summary["unanswered"] as? Int == 1)
        #expect((summary["readiness_status"] as? [String: Int]) == ["ready": 1, "degraded": 0, "blocked": 1, "unknown": 0])
        let unanswered = try #require(summary["unanswered_requests"] as? [[String: Any]])
        #expect(unanswered.map { $0["tenant_id"] as? String } == ["=cmd"])
        let rejected = try #require(summary["rejected_requests"] as? [[String: Any]])
        #expect(rejected.first?["correlation_id"] as? String == "fleet-20260602T120000Z-abc123-2")
        let top = try #require(summary["top_blockers"] as? [[String: Any]])
        #expect(top.count == 2)
        let results = try #require(root["results"] as? [[String: Any]])
        #expect(results.count == 4)
        #expect(results[1]["readiness_status"] as? String == "blocked")
        #expect(results[1]["blockers"] as? [String] == ["tenant tenant-blocked is not registered", "catalog c version v is expired"])
        #expect((results[2]["rejection"] as? [String: Any])?["reason"] as? String == "invalid_field")
        #expect(results[2]["tenant_id"] as? String == "tenant,\"odd\"")
        #expect(results[3]["outcome"] as? String == "unanswered")
    }

    @Test func csvQuotesAndDefusesFormulas() {
        let text = FleetCSVRenderer().render(report)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == FleetCSVRenderer.columns.joined(separator: ","))
        #expect(lines[1] == "tenant-ready,tenant-default,answered,ready,ready,catalog-1,,,,,fleet-20260602T120000Z-abc123-0")
        #expect(lines[2].hasPrefix("tenant-blocked,tenant-default,answered,blocked,blocked,catalog-1,tenant tenant-blocked is not registered | catalog c version v is expired,"))
        #expect(lines[3].hasPrefix(#""tenant,""odd""",tenant-default,rejected,,,,,invalid_field,tenant_id,"#))
        #expect(lines[4].hasPrefix("\"'=cmd\",tenant-default,unanswered,"))
        #expect(lines.count == 6 && lines[5].isEmpty)
    }

    @Test func progressLineShowsRateAndETA() {
        let progress = FleetProgress(sent: 4000, answered: 2000, total: 10_000, elapsedSeconds: 4)
        #expect(progress.rate == 500)
        #expect(progress.etaSeconds == 16)
        #expect(progress.line == "fleet: sent 4000/10000  answered 2000 (20.0%)  500/s  ETA 16 s  elapsed 4 s")
        let start = FleetProgress(sent: 10, answered: 0, total: 10, elapsedSeconds: 0.1)
        #expect(start.line == "fleet: sent 10/10  answered 0 (0.0%)  ETA ?  elapsed 1 s")
        let done = FleetProgress(sent: 10, answered: 10, total: 10, elapsedSeconds: 200)
        #expect(done.line == "fleet: sent 10/10  answered 10 (100.0%)  0/s  elapsed 3 min 20 s")
    }

    @Test func everyFormatRenders() {
        for format in FleetFormat.allCases {
            #expect(!format.render(report).isEmpty)
        }
    }
}
