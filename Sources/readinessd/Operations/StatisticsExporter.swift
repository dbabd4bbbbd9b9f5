import Logging
import Metrics

/// Turns librdkafka's consumer statistics into per-partition gauges:
/// `readinessd_consumer_lag{topic,partition}`,
/// `readinessd_consumer_committed_offset{topic,partition}` and the total
/// `readinessd_consumer_lag_all_partitions` (named so that it does not read as a histogram `_sum`).
///
/// librdkafka hands the JSON to the poll thread; ``receive(_:)`` only queues
/// it (keeping the newest one — a bounded queue of one), and ``run()`` parses
/// it on the cooperative pool. Gauges of partitions no longer fetched are removed.
final class StatisticsExporter: Sendable {
    private let documents: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let logger: Logger
    private let lagSum = Gauge(label: "readinessd_consumer_lag_all_partitions")
    private let parseErrors = Counter(label: "readinessd_statistics_parse_errors_total")

    init(logger: Logger) {
        (documents, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        self.logger = logger
    }

    /// Queues one statistics document (called on the consumer's poll thread; never blocks).
    func receive(_ json: String) { continuation.yield(json) }

    /// Parses queued documents and updates the gauges until cancelled.
    func run() async {
        var gauges: [ConsumerStatistics.Partition.Key: (lag: Gauge, committed: Gauge)] = [:]
        await withTaskCancellationHandler {
            for await json in documents {
                let statistics: ConsumerStatistics
                do {
                    statistics = try ConsumerStatistics.parse(json)
                } catch {
                    parseErrors.increment()
                    logger.warning("cannot read librdkafka statistics", metadata: ["reason": "\(error)"])
                    continue
                }
                var seen = Set<ConsumerStatistics.Partition.Key>()
                var total: Int64 = 0
                for partition in statistics.partitions {
                    let key = partition.key
                    seen.insert(key)
                    let pair = gauges[key] ?? {
                        let dimensions = [("topic", key.topic), ("partition", String(key.partition))]
                        let created = (Gauge(label: "readinessd_consumer_lag", dimensions: dimensions),
                                       Gauge(label: "readinessd_consumer_committed_offset", dimensions: dimensions))
                        gauges[key] = created
                        return created
                    }()
                    if let lag = partition.lag {
                        pair.lag.record(lag)
                        total += lag
                    }
                    if let committed = partition.committedOffset { pair.committed.record(committed) }
                }
                for (key, pair) in gauges where !seen.contains(key) {
                    pair.lag.destroy()
                    pair.committed.destroy()
                    gauges[key] = nil
                }
                lagSum.record(total)
            }
        } onCancel: {
            continuation.finish()
        }
    }
}

extension ConsumerStatistics.Partition {
    /// Identity of a partition's gauges.
    struct Key: Hashable, Sendable {
        var topic: String
        var partition: Int32
    }

    var key: Key { Key(topic: topic, partition: partition) }
}
