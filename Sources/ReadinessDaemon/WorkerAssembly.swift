import KafkaClient
import Logging
import ReadinessWorker

/// One worker, assembled: the ledger, the consumer and output producer wired to it
/// (``WorkerClients``) and the pipeline that runs them. The daemon and the tests build a worker
/// this way, so the wiring ``ReadinessPipeline`` relies on exists in one place.
public struct WorkerAssembly {
    /// Outputs in flight, their delivery reports and the offsets they let commit.
    public let ledger: DeliveryLedger
    /// The consumer and output producer, wired to ``ledger``.
    public let clients: WorkerClients
    /// The pipeline; run it as a service.
    public let pipeline: ReadinessPipeline

    /// Assembles a worker answering from `snapshots`. The ledger holds at most
    /// `configuration.maximumInFlight` outputs; `configuration.uncommittedStartsAtEarliest` is
    /// taken from `properties` (``WorkerKafkaProperties/uncommittedStartsAtEarliest``).
    /// `onStatistics` and `onError` are passed to the consumer (``WorkerClients``).
    public init(properties: WorkerKafkaProperties, configuration: PipelineConfiguration, snapshots: SnapshotStore,
                maxBatchSize: Int = KafkaConsumerOptions().maxBatchSize, logger: Logger,
                onStatistics: (@Sendable (String) -> Void)? = nil,
                onError: (@Sendable (KafkaError) -> Void)? = nil) throws(KafkaError) {
        let ledger = DeliveryLedger(maximumInFlight: configuration.maximumInFlight)
        let clients = try WorkerClients(properties: properties, ledger: ledger, maxBatchSize: maxBatchSize, logger: logger,
                                        onStatistics: onStatistics, onError: onError)
        var configuration = configuration
        configuration.uncommittedStartsAtEarliest = properties.uncommittedStartsAtEarliest
        self.ledger = ledger
        self.clients = clients
        pipeline = ReadinessPipeline(configuration: configuration, consumer: clients.consumer, output: clients.output,
                                     ledger: ledger, snapshots: snapshots, logger: logger)
    }
}
