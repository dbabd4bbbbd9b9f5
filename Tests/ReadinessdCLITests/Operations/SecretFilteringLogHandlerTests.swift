import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing
@testable import readinessd

/// No log line carries a configured secret, whatever part of the line holds it and at every level.
@Suite("secret filtering of log lines")
struct SecretFilteringLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let configurationYAML = """
        kafka:
          bootstrap_servers: broker-1:9092
          properties:
            sasl.password: canary-pass-3b7e
            sasl.oauthbearer.config: principal=canary-oauth-91d0
          consumer_properties:
            sasl.kerberos.kinit.cmd: kinit -kt /etc/canary-keytab-4c2a svc
          producer_properties:
            ssl.key.password: canary-keypass-0f55
        registry:
          snapshot: registry.json
        """

    static let canaries = ["canary-pass-3b7e", "canary-oauth-91d0", "canary-keytab-4c2a", "canary-keypass-0f55",
                           "canary-env-6a1b"]

    func configuration() throws -> DaemonConfiguration {
        let path = NSTemporaryDirectory() + "secrets-\(UUID().uuidString).yaml"
        try Self.configurationYAML.write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfiguration.load(path: path, environment: [
            "READINESSD_KAFKA_PRODUCER_PROPERTIES_SASL_OAUTHBEARER_CLIENT_SECRET": "canary-env-6a1b",
        ])
    }

    /// Renders everything an event carries, its attached error included (as swift-log's stream handler does).
    struct PlainHandler: LogHandler {
        let sink: @Sendable ([UInt8]) -> Void
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink(Array("\(event.level) \(event.message) \(event.metadata ?? [:]) error=\(event.error.map { "\($0)" } ?? "-")".utf8))
        }
    }

    @Test("message, metadata (nested too), handler metadata and attached errors are scrubbed, at debug level",
          arguments: ["json", "plain"])
    func everyPartOfALineIsScrubbed(format: String) throws {
        let scrubber = try configuration().secretScrubber
        let lines = Lines()
        var logger = Logger(label: "readinessd") { label in
            let sink: @Sendable ([UInt8]) -> Void = { line in lines.lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
            var inner: any LogHandler = format == "json" ? JSONLogHandler(label: label, sink: sink) : PlainHandler(sink: sink)
            inner.logLevel = .trace
            return SecretFilteringLogHandler(wrapping: inner, scrubber: scrubber)
        }
        logger.logLevel = .debug
        logger[metadataKey: "context"] = "handler metadata canary-pass-3b7e"
        logger.debug("librdkafka reported _AUTHENTICATION: kinit -kt /etc/canary-keytab-4c2a svc: exited with code 1",
                     metadata: ["reason": "principal=canary-oauth-91d0 refused",
                                "nested": ["list": ["canary-keypass-0f55"], "map": ["k": "canary-env-6a1b"]]])
        logger.error("cannot connect", error: Failure(description: "token canary-env-6a1b expired"),
                     metadata: ["detail": .stringConvertible(Failure(description: "canary-pass-3b7e"))])
        let written = lines.all
        #expect(written.count == 2)
        for line in written {
            for canary in Self.canaries { #expect(!line.contains(canary), "\(canary) in \(line)") }
            #expect(line.contains(KafkaSecretScrubber.placeholder))
        }
        #expect(written[0].contains("exited with code 1"), "the rest of the line is kept: \(written[0])")
    }

    @Test("the scrubber holds the values of the secret properties of every section and of the environment, and no others")
    func scrubberCoversEverySection() throws {
        let scrubber = try configuration().secretScrubber
        #expect(Set(scrubber.secrets) == ["canary-pass-3b7e", "principal=canary-oauth-91d0", "kinit -kt /etc/canary-keytab-4c2a svc",
                                          "canary-keypass-0f55", "canary-env-6a1b"])
    }
}
