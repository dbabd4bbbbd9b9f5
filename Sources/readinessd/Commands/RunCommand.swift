import ArgumentParser
import Logging

/// `readinessd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the readiness worker (embedded Kafka broker by default).",
        discussion: """
            Reads the YAML configuration (default: Config/readinessd.yaml if present, else \
            /etc/readinessd/readinessd.yaml). Every key can be overridden by an environment variable \
            READINESSD_<KEY> (dots as underscores), e.g. READINESSD_KAFKA_BOOTSTRAP_SERVERS. \
            An unknown READINESSD_* variable is an error, like an unknown key in the file. \
            Stops cleanly on SIGTERM or SIGINT (exit 0); a stop that takes longer than \
            processing.drain_timeout_seconds + 10 s exits 70. Start-up problems are one line on stderr: \
            78 for the configuration, the registry snapshot or http.address (before anything starts), \
            69 when no Kafka broker answers within kafka.startup_timeout_seconds, 1 otherwise.
            """)

    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String?

    func run() async throws {
        EarlyStopSignal.install()
        let configuration = try ConfigurationLoading.load(config)
        let logger = LogSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat,
                                       secrets: configuration.secretScrubber)
        let registry = MetricsSetup.bootstrap()
        logger.info("starting readinessd", metadata: [
            "bootstrap_servers": "\(configuration.bootstrapServers)", "group_id": "\(configuration.groupID)",
            "requests_topic": "\(configuration.requestsTopic)",
        ])
        do {
            let daemon = try Daemon.prepare(configuration: configuration, logger: logger)
            try await Daemon.run(daemon, registry: registry)
        } catch let failure as CommandFailure {
            // The last line goes to stderr, not through the logger: scrub it the same way.
            throw CommandFailure(configuration.secretScrubber.scrub(failure.description), exitCode: failure.exitCode)
        }
    }
}

/// Finds and loads the configuration file.
enum ConfigurationLoading {
    static let searchPath = ["Config/readinessd.yaml", "/etc/readinessd/readinessd.yaml"]

    static func load(_ explicit: String?) throws -> DaemonConfiguration {
        let path = explicit ?? searchPath.first { FileSystem.isReadable($0) } ?? searchPath[1]
        do {
            return try DaemonConfiguration.load(path: path)
        } catch let error as ConfigurationError {
            throw CommandFailure("configuration \(path): \(error.description)", status: .configuration)
        }
    }
}
