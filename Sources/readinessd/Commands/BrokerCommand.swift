import ArgumentParser
import KafkaClient
import Logging
import ServiceLifecycle

/// `readinessd broker`: only the embedded Kafka broker (development and tests).
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run only the embedded Kafka broker; print its bootstrap address on the first stdout line.",
        discussion: """
            Creates the three readinessd topics. Runs until SIGTERM or SIGINT. \
            With --port N the broker listens at 127.0.0.1:N (and says so in its metadata), so a broker \
            started again with the same --port is found by clients that know that address. A daemon talking to this broker should set \
            kafka.broker_profile: mock (or READINESSD_KAFKA_BROKER_PROFILE=mock) to get the same quick group \
            timings as bootstrap_servers: embedded.
            """)

    @Option(name: .long, help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(name: .long, help: "Partitions of each topic.")
    var partitions: Int = 6

    @Option(name: .long, help: ArgumentHelp(
        "Listen at 127.0.0.1:<port> (one broker; without it the port is chosen by the kernel).", valueName: "port"))
    var port: Int?

    @Option(name: .long, help: ArgumentHelp("Topics to create (repeatable).", valueName: "name"))
    var topic: [String] = ["policy-registry-readiness.requests", "policy-registry-readiness.responses",
                           "policy-registry-readiness.rejections"]

    func validate() throws {
        guard (1...9).contains(brokers) else { throw ValidationError("--brokers must be from 1 to 9") }
        guard (1...1000).contains(partitions) else { throw ValidationError("--partitions must be from 1 to 1000") }
        if let port {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
            guard brokers == 1 else { throw ValidationError("--port runs one broker; leave out --brokers or use --brokers 1") }
        }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(level: "warning")
        let cluster: EmbeddedKafkaCluster
        do {
            cluster = try await EmbeddedBroker.start(brokers: brokers, port: port.map { UInt16($0) }, partitions: partitions,
                                                     topics: topic, logger: logger)
        } catch let failure as CommandFailure {
            guard let port else { throw failure }
            throw CommandFailure("cannot listen on 127.0.0.1:\(port) (--port): \(failure.description)", status: .configuration)
        }
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
