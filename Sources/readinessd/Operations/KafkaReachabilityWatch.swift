import KafkaClient
import Logging
import Metrics
import ReadinessWorker

/// Runs ``KafkaReachability`` on the consumer's error events and statistics documents and acts
/// on its verdicts: one `Kafka unreachable` error line when an outage begins, one
/// `Kafka reachable again` line (with how long it lasted) when it ends, the gauge
/// `readinessd_kafka_unreachable` (1 during an outage, else 0), and the pipeline health record
/// that `/readyz` reads (503 during an outage).
///
/// librdkafka calls ``receive(error:)`` and ``receive(statistics:)`` on the consumer's poll
/// thread; they only queue (in order, a bounded buffer). ``run(health:)`` parses and decides on
/// the cooperative pool.
final class KafkaReachabilityWatch: Sendable {
    /// The statistics interval the watch needs: the configured one, at most 5 s (also when the
    /// configuration turns the exported statistics off), so an outage or a recovery is seen within 10 s.
    static func statisticsInterval(configuredMilliseconds: Int) -> Int {
        configuredMilliseconds > 0 ? min(configuredMilliseconds, 5000) : 5000
    }

    private enum Input: Sendable {
        case error(KafkaErrorCode)
        case statistics(String)
    }

    private let inputs: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation
    private let bootstrap: String
    private let logger: Logger
    private let unreachableGauge = Gauge(label: "readinessd_kafka_unreachable")
    private let brokersUpGauge = Gauge(label: "readinessd_kafka_brokers_up")

    /// A watch of the cluster at `bootstrap` (named in the log lines).
    init(bootstrap: String, logger: Logger) {
        (inputs, continuation) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .bufferingNewest(64))
        self.bootstrap = bootstrap
        self.logger = logger
        unreachableGauge.record(0)
    }

    /// Queues a client-level librdkafka error (only `_ALL_BROKERS_DOWN` matters here).
    func receive(error: KafkaError) {
        if let code = error.code, code == .allBrokersDown { continuation.yield(.error(code)) }
    }

    /// Queues a statistics document.
    func receive(statistics json: String) { continuation.yield(.statistics(json)) }

    /// Decides on queued inputs until cancelled, recording outages in `health`.
    func run(health: PipelineHealth) async {
        var reachability = KafkaReachability()
        await withTaskCancellationHandler {
            for await input in inputs {
                let observation: KafkaReachability.Observation
                switch input {
                case .error:
                    observation = .allBrokersDown
                case .statistics(let json):
                    guard let brokers = try? BrokerStatistics.parse(json) else { continue }  // counted by StatisticsExporter
                    brokersUpGauge.record(brokers.up)
                    observation = .statistics(brokers)
                }
                let now = ContinuousClock.now
                switch reachability.observe(observation, at: now) {
                case .none:
                    break
                case .reportUnreachable:
                    health.kafkaUnreachable(since: now)
                    unreachableGauge.record(1)
                    logger.error("Kafka unreachable: no broker answers; not ready until one does", metadata: [
                        "bootstrap_servers": "\(bootstrap)",
                    ])
                case .reportReachableAgain(let duration):
                    health.kafkaReachable()
                    unreachableGauge.record(0)
                    logger.notice("Kafka reachable again", metadata: [
                        "bootstrap_servers": "\(bootstrap)", "unreachable_for": "\(KafkaStartupCheck.seconds(duration))",
                    ])
                }
            }
        } onCancel: {
            continuation.finish()
        }
    }
}
