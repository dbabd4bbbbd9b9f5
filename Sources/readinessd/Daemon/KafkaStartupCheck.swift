import KafkaClient
import Logging

/// The start-up check against a real cluster: one metadata round-trip, before the worker's
/// consumer and producer exist, proving that a broker answers and that the three topics exist.
///
/// It runs on a short-lived producer whose librdkafka log lines are silenced below the
/// `debug` level, so an unreachable cluster is reported as one line (bootstrap servers and
/// time waited) instead of librdkafka's connection-refused flood, and the daemon exits 69
/// (`EX_UNAVAILABLE`: a supervisor may restart it later). At `debug` the operator asked for
/// everything, so librdkafka's lines go to the daemon's log (scrubbed of secrets like any line).
struct KafkaStartupCheck {
    /// The bootstrap servers, as the operator configured them (named in the failure).
    let bootstrap: String
    /// The producer's properties (``KafkaClients/properties(configuration:bootstrap:statisticsIntervalMilliseconds:)``).
    let producerProperties: [String: String]
    /// The topics that must exist.
    let topics: [String]
    /// `kafka.startup_timeout_seconds`.
    let timeout: Duration
    /// The daemon's logger: the check's librdkafka lines go to it only at `debug` or `trace`.
    let logger: Logger

    /// Returns once a broker answered with every topic; throws a ``CommandFailure`` with
    /// ``ExitStatus/kafkaUnavailable`` otherwise.
    func run() async throws(CommandFailure) {
        var quiet = logger
        if logger.logLevel > .debug { quiet.logLevel = .critical }
        let began = ContinuousClock.now
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: KafkaConfiguration(producerProperties), logger: quiet) { _ in }
        } catch {
            throw CommandFailure("Kafka client configuration refused: \(error)", status: .configuration)
        }
        do {
            try await producer.requireTopics(topics, timeout: timeout)
            await producer.close()
        } catch {
            await producer.close()
            let waited = Self.seconds(ContinuousClock.now - began)
            throw CommandFailure(Self.message(for: error, bootstrap: bootstrap, waited: waited), status: .kafkaUnavailable)
        }
    }

    /// The one line for a failed check.
    static func message(for error: KafkaError, bootstrap: String, waited: String) -> String {
        switch error {
        case .missingTopics(let missing):
            "Kafka at \(bootstrap) answered but lacks the topics \(missing.joined(separator: ", ")) (kafka.topics.*); create them (Deploy/kafka/create-topics.sh) and start again"
        case .brokersUnreachable, .timedOut:
            "no Kafka broker answered at \(bootstrap) (kafka.bootstrap_servers) within \(waited) (kafka.startup_timeout_seconds); check the address and that the brokers run"
        default:
            "Kafka at \(bootstrap) (kafka.bootstrap_servers) did not pass the start-up check after \(waited): \(error)"
        }
    }

    /// `12.3 s`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(milliseconds / 1000).\(milliseconds % 1000 / 100) s"
    }
}
