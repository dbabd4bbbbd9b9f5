import KafkaClient
import Logging
import Synchronization
import Testing

/// Configuration secrets never leave through librdkafka's own words: its log lines and error
/// strings can echo a property value, and they are scrubbed before they reach a logger.
@Suite("librdkafka secret scrubbing")
struct KafkaSecretScrubbingTests {
    /// Every line logged through it, with its metadata.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }

        var logger: Logger {
            var logger = Logger(label: "scrubbing") { _ in Handler(lines: self) }
            logger.logLevel = .debug
            return logger
        }

        struct Handler: LogHandler {
            let lines: Lines
            var logLevel: Logger.Level = .debug
            var metadata: Logger.Metadata = [:]
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let text = "\(event.level) \(event.message) \(event.metadata ?? [:])"
                lines.lines.withLock { $0.append(text) }
            }
        }
    }

    @Test("librdkafka's log line quoting sasl.kerberos.kinit.cmd is written with the value removed, at debug level too")
    func kinitCommandIsScrubbedFromLogs() async throws {
        let canary = "canary-kinit-6c1d"
        let lines = Lines()
        let errors = Lines()
        var options = KafkaProducerOptions()
        options.onError = { error in errors.lines.withLock { $0.append("\(error)") } }
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration([
                "bootstrap.servers": "127.0.0.1:1", "security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "GSSAPI",
                "sasl.kerberos.kinit.cmd": "/bin/false \(canary)", "debug": "security",
            ]),
            options: options, logger: lines.logger) { _ in }
        // librdkafka runs the command at start and logs "Kerberos ticket refresh failed: <command>: exited …".
        try await TestSupport.waitUntil("librdkafka reports the failed kinit", timeout: .seconds(20)) {
            lines.all.contains { $0.contains("Kerberos ticket refresh failed") }
        }
        await producer.close()
        let refresh = try #require(lines.all.first { $0.contains("Kerberos ticket refresh failed") })
        #expect(refresh.contains(KafkaSecretScrubber.placeholder), "\(refresh)")
        for line in lines.all + errors.all {
            #expect(!line.contains(canary), "\(line)")
        }
    }

    @Test("every occurrence of every secret is replaced, the longer secret first")
    func scrubberReplacesEveryOccurrence() {
        let scrubber = KafkaSecretScrubber(KafkaConfiguration([
            "sasl.password": "hunter2", "ssl.key.password": "hunter2-long", "sasl.username": "alice",
            "linger.ms": "5", "sasl.oauthbearer.config": "principal=admin",
        ]))
        #expect(scrubber.scrub("a hunter2-long b hunter2 c hunter2") == "a [redacted] b [redacted] c [redacted]")
        #expect(scrubber.scrub("principal=admin failed") == "[redacted] failed")
        // Harmless values are not secrets: "5" and the user name stay.
        #expect(scrubber.scrub("alice waited 5 ms") == "alice waited 5 ms")
        #expect(KafkaSecretScrubber.none.scrub("hunter2") == "hunter2")
    }
}
