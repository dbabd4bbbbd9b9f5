import Foundation
import KafkaClient
import Logging
import Prometheus
import ReadinessDaemon
import ReadinessRegistry
import ReadinessWorker
import ServiceLifecycle

/// Assembles and runs the worker: snapshot, Kafka clients (embedded or real), pipeline.
///
/// ``prepare(configuration:logger:)`` finds every configuration problem first — the registry
/// snapshot, the librdkafka properties, `http.address` — and fails with status 78 before any
/// Kafka client or listener starts. The rest of the start-up runs inside the service group,
/// so SIGTERM/SIGINT at any moment — even while the broker is still starting — leads to a
/// clean stop instead of the default signal action (``EarlyStopSignal`` covers the moments before).
struct Daemon: Service, CustomStringConvertible {
    let configuration: DaemonConfiguration
    let logger: Logger
    /// The registry snapshot loaded by ``prepare(configuration:logger:)``; only a daemon made by
    /// it can ``run()``.
    let snapshot: RegistrySnapshot?

    /// A daemon for `configuration`; ``prepare(configuration:logger:)`` is the way to make one that runs.
    init(configuration: DaemonConfiguration, logger: Logger, snapshot: RegistrySnapshot? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.snapshot = snapshot
    }
    /// Start-up progress and pipeline health, read by `/healthz` and `/readyz`.
    let state = OperationalState()

    /// How the service group names this service in its logs (never the configuration's values).
    var description: String { "readinessd worker" }

    /// Checks everything that can be checked without starting anything and loads the snapshot.
    /// Throws a ``CommandFailure`` with ``ExitStatus/configuration`` naming the problem.
    static func prepare(configuration: DaemonConfiguration, logger: Logger) throws(CommandFailure) -> Daemon {
        let snapshot: RegistrySnapshot
        do {
            snapshot = try SnapshotLoader.load(path: configuration.snapshotPath, artifactRoot: configuration.artifactRoot)
        } catch {
            throw CommandFailure(error.description, status: .configuration)
        }
        do {
            // The bootstrap address is not known yet for `embedded`; any address validates the rest.
            let bootstrap = configuration.isEmbedded ? "127.0.0.1:9" : configuration.bootstrapServers
            try KafkaClients.properties(configuration: configuration, bootstrap: bootstrap,
                                        statisticsIntervalMilliseconds: 1000).validate()
        } catch {
            throw CommandFailure("Kafka client configuration refused: \(error)", status: .configuration)
        }
        if let address = configuration.httpAddress, let problem = ListenAddressProbe.problem(binding: address) {
            throw CommandFailure("cannot serve HTTP on \(address) (http.address): \(problem); choose a free port or set http.address: off",
                                 status: .configuration)
        }
        return Daemon(configuration: configuration, logger: logger, snapshot: snapshot)
    }

    /// Runs `daemon` (and its operations listener, if `http.address` is set) until SIGTERM/SIGINT, then
    /// stops cleanly. Start-up problems throw a ``CommandFailure``.
    ///
    /// The listener is the first service, so it starts first and is shut down last: probes and
    /// `/metrics` keep answering while the worker drains.
    static func run(_ daemon: Daemon, registry: PrometheusCollectorRegistry) async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let address = daemon.configuration.httpAddress {
            let server = OperationsServer(
                address: address, limits: daemon.configuration.httpLimits, state: daemon.state, registry: registry,
                progressTimeout: .seconds(daemon.configuration.progressTimeoutSeconds),
                produceFailureLimit: .seconds(daemon.configuration.produceFailureSeconds), logger: daemon.logger)
            services.append(.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        services.append(.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: daemon.logger))
        try await group.run()
    }

    /// Serves until the stop; a stop that overruns `processing.drain_timeout_seconds` + 10 s
    /// ends the process with status 70 (``StopWatchdog``).
    func run() async throws {
        let watchdog = StopWatchdog(drainTimeoutSeconds: configuration.drainTimeoutSeconds, logger: logger)
        try await watchdog.guarding { try await serve() }
    }

    private func serve() async throws {
        guard let snapshot else { preconditionFailure("a Daemon runs only when made by Daemon.prepare") }
        // The service group now owns SIGTERM/SIGINT; honour one that arrived earlier.
        if EarlyStopSignal.wasRequested {
            logger.info("stop requested during start-up")
            return
        }
        let snapshotMetrics = announce(snapshot)
        let (cluster, bootstrap) = try await connectKafka()
        defer {
            if cluster != nil {
                EmbeddedBootstrapFile.forPublishing(configured: configuration.embeddedBootstrapFile).withdraw(bootstrap)
            }
        }
        let store = SnapshotStore(snapshot)
        let statistics = StatisticsExporter(logger: logger)
        let reachability = KafkaReachabilityWatch(bootstrap: bootstrap, logger: logger)
        let worker = try assemble(bootstrap: bootstrap, snapshots: store, statistics: statistics, reachability: reachability)
        state.attach(worker.pipeline.health)
        var failure: (any Error)?
        if Task.isShuttingDownGracefully {
            logger.info("stop requested during start-up")
            await worker.clients.consumer.close()
        } else {
            do {
                try await work(worker.pipeline, snapshot: snapshot, store: store, snapshotMetrics: snapshotMetrics,
                               statistics: statistics, reachability: reachability)
            } catch {
                failure = error
            }
        }
        await worker.clients.output.close()
        await cluster?.close()
        if let failure {
            if let failure = failure as? PipelineFailure {
                throw CommandFailure("worker stopped: \(failure)", status: .producePathBroken)
            }
            throw CommandFailure("worker stopped: \(failure)")
        }
        logger.info("stopped cleanly")
    }

    /// Logs the allocator and the snapshot, and publishes the snapshot's revision; returns the
    /// snapshot metrics the reloader updates.
    private func announce(_ snapshot: RegistrySnapshot) -> SnapshotMetrics {
        logger.info("memory allocator", metadata: ["allocator": "\(MemoryAllocator.description)"])
        logger.info("registry snapshot loaded", metadata: [
            "path": "\(configuration.snapshotPath)", "revision": "\(snapshot.revision)",
            "tenants": "\(snapshot.tenants.count)",
        ])
        let snapshotMetrics = SnapshotMetrics()
        snapshotMetrics.serving(revision: snapshot.revision, reloaded: false)
        state.snapshotLoaded(revision: snapshot.revision)
        return snapshotMetrics
    }

    /// Starts the embedded broker (publishing its address), or waits until the configured one
    /// answers; returns the embedded cluster, if any, and the bootstrap address.
    private func connectKafka() async throws -> (cluster: EmbeddedKafkaCluster?, bootstrap: String) {
        let topics = [configuration.requestsTopic, configuration.responsesTopic, configuration.rejectionsTopic]
        guard configuration.isEmbedded else {
            let bootstrap = configuration.bootstrapServers
            let properties = KafkaClients.properties(configuration: configuration, bootstrap: bootstrap, statisticsIntervalMilliseconds: 0)
            try await KafkaStartupCheck(
                bootstrap: bootstrap, producerProperties: properties.producer, topics: topics,
                timeout: .seconds(configuration.startupTimeoutSeconds), logger: logger).run()
            return (nil, bootstrap)
        }
        let embedded = try await EmbeddedBroker.start(
            brokers: configuration.embeddedBrokers, partitions: configuration.embeddedPartitions, topics: topics,
            logger: logger)
        let bootstrap = embedded.bootstrapServers
        logger.notice("embedded Kafka broker listening", metadata: ["bootstrap_servers": "\(bootstrap)"])
        let published = EmbeddedBootstrapFile.forPublishing(configured: configuration.embeddedBootstrapFile)
        if let problem = published.publish(bootstrap) {
            logger.warning("cannot publish the embedded broker address; `readinessd fleet` needs --bootstrap",
                           metadata: ["file": "\(published.path)", "reason": "\(problem)"])
        }
        return (embedded, bootstrap)
    }

    /// The worker talking to `bootstrap`; the consumer's statistics feed `reachability` and, when
    /// `kafka.statistics_interval_ms` is set, `statistics`.
    private func assemble(bootstrap: String, snapshots: SnapshotStore, statistics: StatisticsExporter,
                          reachability: KafkaReachabilityWatch) throws(CommandFailure) -> WorkerAssembly {
        let exportsStatistics = configuration.statisticsIntervalMilliseconds > 0
        let properties = KafkaClients.properties(
            configuration: configuration, bootstrap: bootstrap,
            statisticsIntervalMilliseconds: KafkaReachabilityWatch.statisticsInterval(
                configuredMilliseconds: configuration.statisticsIntervalMilliseconds))
        do {
            return try WorkerAssembly(
                properties: properties, configuration: configuration.pipeline, snapshots: snapshots,
                maxBatchSize: configuration.batchSize, logger: logger,
                onStatistics: { json in
                    reachability.receive(statistics: json)
                    if exportsStatistics { statistics.receive(json) }
                },
                onError: { error in reachability.receive(error: error) })
        } catch {
            throw CommandFailure("Kafka client configuration refused: \(error)", status: .configuration)
        }
    }

    /// Runs `pipeline` with its companions (systemd supervision, snapshot reloads, statistics,
    /// reachability) until the stop or a failure.
    private func work(_ pipeline: ReadinessPipeline, snapshot: RegistrySnapshot, store: SnapshotStore,
                      snapshotMetrics: SnapshotMetrics, statistics: StatisticsExporter,
                      reachability: KafkaReachabilityWatch) async throws {
        let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        let supervisor = SystemdSupervisor(notifier: notifier, health: pipeline.health,
                                           revision: { [state] in state.revision ?? snapshot.revision }, logger: logger)
        let reloader = SnapshotReloader(path: configuration.snapshotPath, artifactRoot: configuration.artifactRoot,
                                        store: store, notifier: notifier, metrics: snapshotMetrics,
                                        state: state, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await supervisor.run() }
            group.addTask { await reloader.run() }
            group.addTask { await statistics.run() }
            group.addTask { await reachability.run(health: pipeline.health) }
            try await withGracefulShutdownHandler {
                try await pipeline.run()
            } onGracefulShutdown: {
                notifier.stopping()
            }
            group.cancelAll()
        }
    }
}
