import Foundation
import Testing
import TestSupport

/// `readinessd check-config`: effective configuration with secrets redacted; one line per problem.
@Suite("readinessd check-config")
struct CheckConfigTests {
    static func write(_ yaml: String) throws -> String {
        let path = NSTemporaryDirectory() + "check-config-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aGoodConfigurationPrintsTheEffectiveSettings() throws {
        let config = try Self.write("""
            kafka:
              bootstrap_servers: embedded
            registry:
              snapshot: \(CLI.fixture("registry.json"))
            processing:
              lanes: 3
            """)
        let result = try CLI.run(["check-config", "--config", config])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("lanes: 3"))
        #expect(result.stdoutText.contains("revision 2026.06.02-1"))
        #expect(result.stderrText.isEmpty)
    }

    @Test func theResponseCacheSizeComesFromTheFileOrTheEnvironmentAndCannotBeNegative() throws {
        let config = try Self.write("""
            registry:
              snapshot: \(CLI.fixture("registry.json"))
            processing:
              response_cache_entries: 5000
            """)
        let fromFile = try CLI.run(["check-config", "--config", config])
        #expect(fromFile.status == 0)
        #expect(fromFile.stdoutText.contains("response_cache_entries: 5000"))
        let off = try CLI.run(["check-config", "--config", config],
                              environment: ["READINESSD_PROCESSING_RESPONSE_CACHE_ENTRIES": "0"])
        #expect(off.status == 0)
        #expect(off.stdoutText.contains("response_cache_entries: 0"))
        let negative = try CLI.run(["check-config", "--config", config],
                                   environment: ["READINESSD_PROCESSING_RESPONSE_CACHE_ENTRIES": "-1"])
        #expect(negative.status != 0)
        #expect(negative.stderrText.contains("processing.response_cache_entries"))
        #expect(negative.stderrText.split(separator: "\n").count == 1)
    }

    @Test func secretsAreRedactedAndEveryProblemIsOneLine() throws {
        let config = try Self.write("""
            kafka:
              bootstrap_servers: broker-1:9092
              properties:
                sasl.password: canary-hunter2-7f3a
                ssl.key.password: canary-keypass-91b2
                not.a.librdkafka.property: x
            registry:
              snapshot: /nonexistent/registry.json
            """)
        let result = try CLI.run(["check-config", "--config", config], environment: [
            "READINESSD_KAFKA_PROPERTIES_SASL_OAUTHBEARER_CLIENT_SECRET": "canary-env-secret-55",
        ])
        #expect(result.status == 1)
        for canary in ["canary-hunter2-7f3a", "canary-keypass-91b2", "canary-env-secret-55"] {
            #expect(!result.stdoutText.contains(canary) && !result.stderrText.contains(canary))
        }
        #expect(result.stdoutText.contains("sasl.password: [REDACTED]"))
        let problems = result.stderrText.split(separator: "\n")
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.contains("/nonexistent/registry.json") })
        #expect(problems.contains { $0.contains("not.a.librdkafka.property") })
    }

    @Test func anUnusableConfigurationFileIsOneLineAndExit78() throws {
        let config = try Self.write("kafka:\n  bootstrap_server: typo\nregistry:\n  snapshot: x.json\n")
        let result = try CLI.run(["check-config", "--config", config])
        #expect(result.status == 78)
        #expect(result.stderrText.split(separator: "\n").count == 1)
        #expect(result.stderrText.contains("unknown configuration key kafka.bootstrap_server; did you mean kafka.bootstrap_servers?"))
        #expect(result.stdout.isEmpty)
    }
}
