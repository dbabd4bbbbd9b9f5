import Foundation
import KafkaClient
import Logging
import ReadinessRegistry
import ReadinessWorker
import ServiceLifecycle

/// Assembles and runs the worker: snapshot, Kafka clients (embedded or real), pipeline.
///
/// The whole start-up runs inside the service group, so SIGTERM/SIGINT at any
/// moment — even while the broker or the snapshot is still loading — leads to
/// a clean stop instead of the default signal action.
struct Daemon: Service {
    let configuration: DaemonConfiguration
    let logger: Logger

    /// Runs `daemon` until SIGTERM/SIGINT, then stops cleanly. Start-up problems throw a ``CommandFailure``.
    static func run(_ daemon: Daemon) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup,
                             failureTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: daemon.logger))
        try await group.run()
    }

    func run() async throws {
        // The service group now owns SIGTERM/SIGINT; honour one that arrived earlier.
        if EarlyStopSignal.wasRequested {
            logger.info("stop requested during start-up")
            return
        }
        let snapshot: RegistrySnapshot
        do {
            snapshot = try SnapshotLoader.load(path: configuration.snapshotPath, artifactRoot: configuration.artifactRoot)
        } catch {
            throw CommandFailure(error.description)
        }
        logger.info("registry snapshot loaded", metadata: [
            "path": "\(configuration.snapshotPath)", "revision": "\(snapshot.revision)",
            "tenants": "\(snapshot.tenants.count)",
        ])

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
        }

        let ledger = DeliveryLedger(maximumInFlight: configuration.maximumInFlight)
        let store = SnapshotStore(snapshot)
        let clients = try KafkaClients(configuration: configuration, bootstrap: bootstrap, ledger: ledger, logger: logger)
        if !configuration.isEmbedded {
            try await clients.checkTopics(configuration: configuration)
        }
        let pipeline = ReadinessPipeline(
            configuration: PipelineConfiguration(
                requestsTopic: configuration.requestsTopic, responsesTopic: configuration.responsesTopic,
                rejectionsTopic: configuration.rejectionsTopic, maximumMessageBytes: configuration.maximumMessageBytes,
                maximumInFlight: configuration.maximumInFlight, lanes: configuration.lanes,
                commitInterval: .milliseconds(configuration.commitIntervalMilliseconds),
                drainTimeout: .seconds(configuration.drainTimeoutSeconds),
                produceFailureExitAfter: .seconds(configuration.produceFailureExitAfterSeconds)),
            consumer: clients.consumer, producer: clients.producer, ledger: ledger,
            snapshots: store, logger: logger)
        if Task.isShuttingDownGracefully {
            logger.info("stop requested during start-up")
            await clients.consumer.close()
        } else {
            let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
            let supervisor = SystemdSupervisor(notifier: notifier, health: pipeline.health,
                                               revision: snapshot.revision, logger: logger)
            do {
                let reloader = SnapshotReloader(path: configuration.snapshotPath, artifactRoot: configuration.artifactRoot,
                                                store: store, notifier: notifier, logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await supervisor.run() }
                    group.addTask { await reloader.run() }
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
                    throw CommandFailure("worker stopped: \(failure)", exitCode: CommandFailure.producePathBroken)
                }
                throw CommandFailure("worker stopped: \(error)")
            }
        }
        await clients.producer.close()
        await cluster?.close()
        logger.info("stopped cleanly")
    }
}
