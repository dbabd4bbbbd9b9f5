import ArgumentParser
import KafkaClient
import Logging
import ServiceLifecycle

/// `readinessd broker`: only the embedded Kafka broker (development and tests).
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run only the embedded Kafka broker; print its bootstrap address on the first stdout line.",
        discussion: "Creates the three readinessd topics. Runs until SIGTERM or SIGINT.")

    @Option(name: .long, help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(name: .long, help: "Partitions of each topic.")
    var partitions: Int = 6

    @Option(name: .long, help: ArgumentHelp("Topics to create (repeatable).", valueName: "name"))
    var topic: [String] = ["policy-registry-readiness.requests", "policy-registry-readiness.responses",
                           "policy-registry-readiness.rejections"]

    func validate() throws {
        guard (1...9).contains(brokers) else { throw ValidationError("--brokers must be from 1 to 9") }
        guard (1...1000).contains(partitions) else { throw ValidationError("--partitions must be from 1 to 1000") }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(level: "warning")
        let cluster = try await EmbeddedBroker.start(brokers: brokers, partitions: partitions, topics: topic, logger: logger)
        Standard.output(cluster.bootstrapServers + "\n")
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: UntilShutdown())], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await cluster.close()
    }
}

/// A service that does nothing until graceful shutdown.
struct UntilShutdown: Service {
    func run() async throws {
        try? await gracefulShutdown()
    }
}
