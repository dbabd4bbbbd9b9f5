import KafkaClient
import Logging
import Metrics
import ReadinessWorker

/// A worker's consumer and output producer, wired to its ``DeliveryLedger``: every producer the
/// output creates routes its delivery reports to the ledger (counting failures in
/// `readinessd_produce_errors_total{stage="delivery"}`), and the consumer asks the ledger where a
/// partition assigned back after a refused commit starts.
public struct WorkerClients {
    /// The requests' consumer.
    public let consumer: KafkaConsumer
    /// The outputs' producer (replaced after failed deliveries; see ``OutputProducer``).
    public let output: OutputProducer

    /// Creates both clients from `properties`. `onStatistics` receives the consumer's librdkafka
    /// statistics JSON (on the poll thread; `statistics.interval.ms` in `properties.consumer` sets how
    /// often); `onError` its client-level errors.
    public init(properties: WorkerKafkaProperties, ledger: DeliveryLedger, maxBatchSize: Int = KafkaConsumerOptions().maxBatchSize,
                logger: Logger, onStatistics: (@Sendable (String) -> Void)? = nil,
                onError: (@Sendable (KafkaError) -> Void)? = nil) throws(KafkaError) {
        consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(properties.consumer),
            options: KafkaConsumerOptions(
                maxBatchSize: maxBatchSize, onStatistics: onStatistics, onError: onError,
                // Partitions lost after a refused commit and assigned back start past what was already answered.
                startPositions: KafkaStartPositions(candidates: ledger.startCandidates, applied: ledger.resume)),
            logger: logger)
        let deliveryFailures = Counter(label: PipelineMetrics.Name.produceErrors, dimensions: [("stage", "delivery")])
        let producerConfiguration = KafkaConfiguration(properties.producer)
        output = try OutputProducer { () throws(KafkaError) in
            try KafkaProducer(
                configuration: producerConfiguration, logger: logger,
                onDeliveryReports: { reports in
                    var failures = 0
                    for report in reports {
                        if case .failure = report.result { failures += 1 }
                    }
                    if failures > 0 { deliveryFailures.increment(by: failures) }
                    ledger.apply(reports)
                })
        }
    }

    /// Closes both clients without consuming or producing further (the pipeline was never run).
    public func close() async {
        await output.close()
        await consumer.close()
    }
}
