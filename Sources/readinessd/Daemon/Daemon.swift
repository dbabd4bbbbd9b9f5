import Foundation
import KafkaClient
import Logging
import Prometheus
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
        logger.info("memory allocator", metadata: ["allocator": "\(MemoryAllocator.description)"])
        logger.info("registry snapshot loaded", metadata: [
            "path": "\(configuration.snapshotPath)", "revision": "\(snapshot.revision)",
            "tenants": "\(snapshot.tenants.count)",
        ])
        let snapshotMetrics = SnapshotMetrics()
        snapshotMetrics.serving(revision: snapshot.revision, reloaded: false)
        state.snapshotLoaded(revision: snapshot.revision)

        var cluster: EmbeddedKafkaCluster?
        var bootstrap = configuration.bootstrapServers
        if configuration.isEmbedded {
            let embedded = try await EmbeddedBroker.start(
                brokers: configuration.embeddedBrokers, partitions: configuration.embeddedPartitions,
                topics: [configuration.requestsTopic, configuration.responsesTopic, configuration.rejectionsTopic],
                logger: logger)
            cluster = embedded
            bootstrap = embedded.bootstrapServers
            logger.notice("embedded Kafka broker listening", metadata: ["bootstrap_servers": "\(bootstrap)"])
            let published = EmbeddedBootstrapFile.forPublishing(configured: configuration.embeddedBootstrapFile)
            if let problem = published.publish(bootstrap) {
                logger.warning("cannot publish the embedded broker address; `readinessd fleet` needs --bootstrap",
                               metadata: ["file": "\(published.path)", "reason": "\(problem)"])
            }
        }
        defer {
            if cluster != nil {
                EmbeddedBootstrapFile.forPublishing(configured: configuration.embeddedBootstrapFile).withdraw(bootstrap)
            }
        }

        if !configuration.isEmbedded {
            let properties = KafkaClients.properties(configuration: configuration, bootstrap: bootstrap, statisticsIntervalMilliseconds: 0)
            try await KafkaStartupCheck(
                bootstrap: bootstrap, producerProperties: properties.producer,
                topics: [configuration.requestsTopic, configuration.responsesTopic, configuration.rejectionsTopic],
                timeout: .seconds(configuration.startupTimeoutSeconds), logger: logger).run()
        }
        let ledger = DeliveryLedger(maximumInFlight: configuration.maximumInFlight)
        let store = SnapshotStore(snapshot)
        let statistics = StatisticsExporter(logger: logger)
        let reachability = KafkaReachabilityWatch(bootstrap: bootstrap, logger: logger)
        let exportsStatistics = configuration.statisticsIntervalMilliseconds > 0
        let clients = try KafkaClients(
            configuration: configuration, bootstrap: bootstrap, ledger: ledger, logger: logger,
            statisticsIntervalMilliseconds: KafkaReachabilityWatch.statisticsInterval(
                configuredMilliseconds: configuration.statisticsIntervalMilliseconds),
            onStatistics: { json in
                reachability.receive(statistics: json)
                if exportsStatistics { statistics.receive(json) }
            },
            onError: { error in reachability.receive(error: error) })
        let pipeline = ReadinessPipeline(
            configuration: PipelineConfiguration(
                requestsTopic: configuration.requestsTopic, responsesTopic: configuration.responsesTopic,
                rejectionsTopic: configuration.rejectionsTopic, maximumMessageBytes: configuration.maximumMessageBytes,
                maximumInFlight: configuration.maximumInFlight, lanes: configuration.lanes,
                cachedResponses: configuration.responseCacheEntries,
                commitInterval: .milliseconds(configuration.commitIntervalMilliseconds),
                drainTimeout: .seconds(configuration.drainTimeoutSeconds),
                produceFailureExitAfter: .seconds(configuration.produceFailureExitAfterSeconds),
                intakeStallAfter: configuration.intakeStallSeconds > 0 ? .seconds(configuration.intakeStallSeconds) : nil,
                uncommittedStartsAtEarliest: clients.uncommittedStartsAtEarliest),
            consumer: clients.consumer, output: clients.producer, ledger: ledger,
            snapshots: store, logger: logger)
        state.attach(pipeline.health)
        if Task.isShuttingDownGracefully {
            logger.info("stop requested during start-up")
            await clients.consumer.close()
        } else {
            let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
            let supervisor = SystemdSupervisor(notifier: notifier, health: pipeline.health,
                                               revision: { [state] in state.revision ?? snapshot.revision }, logger: logger)
            do {
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
            } catch {
                await clients.producer.close()
                await cluster?.close()
                if let failure = error as? PipelineFailure {
                    throw CommandFailure("worker stopped: \(failure)", status: .producePathBroken)
                }
                throw CommandFailure("worker stopped: \(error)")
            }
        }
        await clients.producer.close()
        await cluster?.close()
        logger.info("stopped cleanly")
    }
}
