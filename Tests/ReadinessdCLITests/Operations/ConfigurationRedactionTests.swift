import Foundation
import Testing
import TestSupport
@testable import readinessd

/// Printing the daemon's configuration (as swift-service-lifecycle does at debug level) never shows a secret.
@Suite("configuration printing")
struct ConfigurationRedactionTests {
    @Test func describingTheConfigurationRedactsLibrdkafkaSecrets() throws {
        let path = NSTemporaryDirectory() + "redaction-\(UUID().uuidString).yaml"
        try """
            kafka:
              bootstrap_servers: broker-1:9092
              properties:
                sasl.password: canary-describe-1
              producer_properties:
                ssl.key.password: canary-describe-2
            registry:
              snapshot: registry.json
            http:
              address: "[::1]:9100"
            log:
              format: json
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(path: path, environment: [
            "READINESSD_KAFKA_CONSUMER_PROPERTIES_SASL_OAUTHBEARER_CLIENT_SECRET": "canary-describe-3",
        ])
        #expect(configuration.httpAddress == ListenAddress(host: "::1", port: 9100))
        #expect(configuration.logFormat == .json)
        let renderings = [String(describing: configuration), String(reflecting: configuration), "\(configuration)",
                          { var text = ""; dump(configuration, to: &text); return text }(),
                          String(describing: Daemon(configuration: configuration, logger: .init(label: "t")))]
        for text in renderings {
            for canary in ["canary-describe-1", "canary-describe-2", "canary-describe-3"] {
                #expect(!text.contains(canary), "\(text)")
            }
        }
        #expect(String(describing: configuration).contains("sasl.password=[REDACTED]"))
    }

    @Test func badOperationsKeysAreOneLineNamingTheKey() throws {
        for (yaml, expected) in [("log:\n  format: xml\n", "log.format must be one of auto, json, text"),
                                 ("http:\n  address: nowhere\n", "http.address must be host:port"),
                                 ("kafka:\n  statistics_interval_ms: -1\n", "kafka.statistics_interval_ms must be a whole number")] {
            let path = NSTemporaryDirectory() + "bad-\(UUID().uuidString).yaml"
            try ("registry:\n  snapshot: registry.json\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
            #expect {
                try DaemonConfiguration.load(path: path, environment: [:])
            } throws: { error in
                (error as? ConfigurationError)?.description.hasPrefix(expected) == true
            }
        }
    }
}
