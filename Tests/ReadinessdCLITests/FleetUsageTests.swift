import Foundation
import Testing

/// `readinessd fleet` refuses bad usage and unreachable Kafka with exit status 4 and one line on stderr.
@Suite struct FleetUsageTests {
    static let shippedConfig = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/readinessd.yaml").path

    func expectUsageError(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                          mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CLI.run(["fleet", "--config", Self.shippedConfig] + arguments, stdin: stdin.map { Array($0.utf8) },
                                 environment: environment)
        #expect(result.status == 4, "\(result.stderrText)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderrText)", sourceLocation: sourceLocation)
        #expect(result.stderrText.contains(text), "\(result.stderrText)", sourceLocation: sourceLocation)
    }

    @Test func badOptionsExitFour() throws {
        try expectUsageError(["--format", "xml"], mentioning: "--format must be table, json or csv")
        try expectUsageError(["--timeout", "soon"], mentioning: "--timeout must be")
        try expectUsageError(["--checks", "approval_state,uptime"], mentioning: "unknown check uptime")
        try expectUsageError(["--window", "0"], mentioning: "--window")
        try expectUsageError(["--no-such-option"], mentioning: "no-such-option")
    }

    @Test func unusableTenantSelectionsExitFour() throws {
        try expectUsageError(["--tenants", "/nonexistent/tenants.txt"], mentioning: "cannot read the tenant list /nonexistent/tenants.txt")
        try expectUsageError(["--tenants", "-"], stdin: "\n# nobody\n", mentioning: "no tenants selected from standard input")
    }

    @Test func embeddedConfigurationWithoutARunningDaemonExitsFour() throws {
        try expectUsageError(["--tenants", "-"], stdin: "tenant-ready\n",
                             environment: ["READINESSD_KAFKA_EMBEDDED_BOOTSTRAP_FILE": "/nonexistent/bootstrap"],
                             mentioning: "no running daemon published its address in /nonexistent/bootstrap")
    }

    @Test func unreachableKafkaExitsFour() throws {
        try expectUsageError(["--tenants", "-", "--bootstrap", "127.0.0.1:9"], stdin: "tenant-ready\n",
                             environment: ["READINESSD_KAFKA_STARTUP_TIMEOUT_SECONDS": "2"],
                             mentioning: "Kafka is not usable")
    }

    @Test func helpDocumentsTheExitStatuses() throws {
        let result = try CLI.run(["fleet", "--help"])
        #expect(result.status == 0)
        let text = result.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for phrase in ["0 all ready", "1 something degraded or unknown", "2 something blocked",
                       "3 unanswered, rejected or unsent requests", "4 usage, configuration or connection error"] {
            #expect(text.contains(phrase), "\(phrase)")
        }
    }
}
