import ArgumentParser
import KafkaClient
import Logging
import ReadinessRegistry
import ReadinessWorker

/// `readinessd check-config`: validates the configuration and the snapshot without starting the worker.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the configuration and the registry snapshot; print the effective configuration (secrets redacted).",
        discussion: "Exit status 0 when everything is usable; otherwise one line per problem on stderr and exit 1 (78 when the configuration file itself is unusable).")

    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String?

    func run() async throws {
        let configuration = try ConfigurationLoading.load(config)
        var problems: [String] = []
        Standard.output(EffectiveConfiguration(configuration).render())
        do {
            let snapshot = try SnapshotLoader.load(path: configuration.snapshotPath, artifactRoot: configuration.artifactRoot)
            Standard.output("# registry snapshot: revision \(snapshot.revision), \(snapshot.tenants.count) tenants, \(snapshot.packs.count) packs\n")
        } catch {
            problems.append(error.description)
        }
        problems += await Self.kafkaProblems(configuration)
        guard problems.isEmpty else {
            let scrubber = configuration.secretScrubber
            for problem in problems { Standard.error("readinessd: \(scrubber.scrub(problem))") }
            throw ExitCode(1)
        }
    }

    /// librdkafka refuses unknown properties or bad values when a client is configured (no network I/O).
    static func kafkaProblems(_ configuration: DaemonConfiguration) async -> [String] {
        var logger = Logger(label: "readinessd.check-config")
        logger.logLevel = .critical
        let bootstrap = configuration.isEmbedded ? "127.0.0.1:9" : configuration.bootstrapServers
        let ledger = DeliveryLedger(maximumInFlight: 1)
        do {
            let clients = try KafkaClients(configuration: configuration, bootstrap: bootstrap, ledger: ledger, logger: logger)
            await clients.producer.close()
            await clients.consumer.close()
            return []
        } catch {
            return ["\(error)"]
        }
    }
}
