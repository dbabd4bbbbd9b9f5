import Foundation
import KafkaClient
import Testing
import TestSupport

/// `check-config` and the daemon's own log lines never show a librdkafka secret: printing is by
/// allowlist, and log lines (librdkafka's included, at debug level) are scrubbed of secret values.
@Suite("secrets in configuration")
struct CheckConfigRedactionTests {
    static let canaries = ["canary-oauth-2d8f", "canary-kinit-73ab", "canary-unknown-c41e", "canary-keystore-9e02"]

    static func write(_ yaml: String) throws -> String {
        let path = NSTemporaryDirectory() + "redaction-\(UUID().uuidString).yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func configuration(extra: String = "") throws -> String {
        try write("""
            kafka:
              bootstrap_servers: 127.0.0.1:1
              startup_timeout_seconds: 1
              properties:
                security.protocol: SASL_PLAINTEXT
                sasl.mechanisms: GSSAPI
                sasl.oauthbearer.config: principal=canary-oauth-2d8f
                sasl.kerberos.kinit.cmd: /bin/false canary-kinit-73ab
                linger.ms: 7
              producer_properties:
                ssl.keystore.password: canary-keystore-9e02
            registry:
              snapshot: \(CLI.fixture("registry.json"))
            \(extra)
            """)
    }

    @Test("check-config prints only allowlisted properties in clear; sensitive and unknown ones are redacted")
    func checkConfigRedactsByAllowlist() throws {
        let result = try CLI.run(["check-config", "--config", try Self.configuration()], environment: [
            "READINESSD_KAFKA_CONSUMER_PROPERTIES_X_CUSTOM_SETTING": "canary-unknown-c41e",
        ])
        for canary in Self.canaries {
            #expect(!result.stdoutText.contains(canary) && !result.stderrText.contains(canary), "\(canary)")
        }
        for name in ["sasl.oauthbearer.config", "sasl.kerberos.kinit.cmd", "x.custom.setting", "ssl.keystore.password"] {
            #expect(result.stdoutText.contains("\(name): \(KafkaConfiguration.redactedPlaceholder)"), "\(name)")
        }
        #expect(result.stdoutText.contains("linger.ms: 7"))
        #expect(result.stdoutText.contains("security.protocol: SASL_PLAINTEXT"))
    }

    @Test("the daemon's log at debug level, librdkafka's lines included, carries no secret value")
    func runLogsCarryNoSecret() throws {
        let config = try Self.configuration(extra: "log:\n  level: debug\n  format: json\nhttp:\n  address: \"off\"")
        // librdkafka runs the kinit command at start and logs its command line; the broker is unreachable,
        // so the daemon gives up after kafka.startup_timeout_seconds.
        let result = try CLI.run(["run", "--config", config])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("Kerberos ticket refresh failed: \(KafkaSecretScrubber.placeholder)"),
                "\(result.stderrText.suffix(2000))")
        for canary in Self.canaries {
            #expect(!result.stdoutText.contains(canary) && !result.stderrText.contains(canary), "\(canary)")
        }
    }
}
