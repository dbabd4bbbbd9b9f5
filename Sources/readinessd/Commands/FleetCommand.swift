import ArgumentParser
import Foundation
import Logging
import ReadinessContract
import ReadinessFleet

#if canImport(Glibc)
import Glibc
#endif

/// `readinessd fleet`: re-evaluates a fleet of tenants through the running service (issue 5).
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Ask the running service about many tenants through Kafka and report on the answers.",
        discussion: """
            Builds one readiness request per tenant and catalog scope (all tenants of the configuration's \
            snapshot, or ids from a file or stdin, one per line; each tenant's subscribed scopes, or --scope), \
            with correlation ids <batch id>-<n> under a fresh batch id. Produces them to the requests topic \
            (key = tenant id), reads the responses and rejections topics from their end as it was just before, \
            and collects the answers of this batch until all are in or the timeout passes. Progress goes to \
            stderr, the report to stdout (or --out). With kafka.bootstrap_servers: embedded, the address comes \
            from kafka.embedded.bootstrap_file, written by `readinessd run` with the same configuration, \
            or else /run/readinessd/embedded-bootstrap (written by readinessd.service, RuntimeDirectory=readinessd).

            Exit status: 0 all ready; 1 something degraded or unknown (nothing blocked); 2 something blocked; \
            3 unanswered, rejected or unsent requests; 4 usage, configuration or connection error.
            """)

    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML), as for `run`.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("all (every tenant of the snapshot), a file with one tenant id per line, or - for stdin.", valueName: "all|file|-"))
    var tenants: String = "all"

    @Option(name: .long, help: ArgumentHelp("Ask about this catalog scope only (default: each tenant's subscribed scopes).", valueName: "scope"))
    var scope: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Required checks, comma- or space-separated (default: all six).", valueName: "check"))
    var checks: [String] = []

    @Option(name: .long, help: ArgumentHelp("Give up waiting this long after the first request: 90, 90s, 15m, 2h.", valueName: "duration"))
    var timeout: String = "10m"

    @Option(name: .long, help: ArgumentHelp("Report format: table, json or csv.", valueName: "format"))
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Write the report to this file (replaced atomically) instead of stdout.", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Kafka bootstrap servers, overriding the configuration (and the embedded broker's published address).", valueName: "host:port"))
    var bootstrap: String?

    @Option(name: .long, help: ArgumentHelp("Most requests awaiting an answer at once (flow control).", valueName: "n"))
    var window: Int = 5000

    @Flag(name: .long, help: "Also log Kafka client warnings (connection retries and the like) on stderr.")
    var verbose = false

    func validate() throws {
        guard FleetDurationParser.parse(timeout) != nil else {
            throw ValidationError("--timeout must be a positive whole number with an optional unit ms, s, m or h, e.g. 90s or 15m")
        }
        guard FleetFormat(rawValue: format) != nil else { throw ValidationError("--format must be table, json or csv") }
        guard (1...1_000_000).contains(window) else { throw ValidationError("--window must be from 1 to 1000000") }
        _ = try parsedChecks()
        if let scope, scope.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--scope must not be empty")
        }
    }

    func run() async throws {
        // Kafka retries connection problems on its own; by default only the outcome is reported.
        let logger = LogSetup.bootstrap(level: verbose ? "warning" : "critical")
        let configuration: DaemonConfiguration
        do {
            configuration = try ConfigurationLoading.load(config)
        } catch let failure as CommandFailure {
            throw CommandFailure(failure.description, exitCode: FleetExitStatus.usageOrConnection.rawValue)
        }
        do {
            let timeout = FleetDurationParser.parse(timeout)!
            let plan = try FleetPlanLoader.plan(
                batch: .fresh(secondsSinceEpoch: Timestamp.now().wholeSeconds), tenants: tenants, scope: scope,
                checks: try parsedChecks(), snapshotPath: configuration.snapshotPath)
            let settings = try kafkaSettings(configuration, timeout: timeout)
            let runner = FleetRunner(plan: plan, settings: settings, timeout: timeout, window: window,
                                     progress: FleetProgressPrinter(), logger: logger)
            let report = try await runner.run()
            try write(FleetFormat(rawValue: format)!.render(report))
            throw ExitCode(report.exitStatus.rawValue)
        } catch let error as FleetError {
            throw CommandFailure(error.description, exitCode: FleetExitStatus.usageOrConnection.rawValue)
        }
    }

    /// `--checks` as a check list (`nil` when not given).
    private func parsedChecks() throws -> CheckList? {
        let names = checks.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        var list = CheckList()
        for name in names {
            guard let check = ReadinessCheck.allCases.first(where: { $0.description == name }) else {
                let valid = ReadinessCheck.allCases.map(\.description).joined(separator: ", ")
                throw ValidationError("--checks: unknown check \(name); valid: \(valid)")
            }
            list.insert(check)
        }
        return list
    }

    private func kafkaSettings(_ configuration: DaemonConfiguration, timeout: Duration) throws(FleetError) -> FleetKafka.Settings {
        var address = bootstrap ?? configuration.bootstrapServers
        if bootstrap == nil && configuration.isEmbedded {
            let candidates = EmbeddedBootstrapFile.discoveryCandidates(configured: configuration.embeddedBootstrapFile)
            guard let published = EmbeddedBootstrapFile.discover(candidates) else {
                throw .embeddedBrokerNotFound(bootstrapFile: candidates.map(\.path).joined(separator: " or "))
            }
            address = published.address
        }
        return FleetKafka.Settings(
            bootstrap: address, isEmbedded: configuration.brokerProfile == .mock, requestsTopic: configuration.requestsTopic,
            responsesTopic: configuration.responsesTopic, rejectionsTopic: configuration.rejectionsTopic,
            properties: configuration.properties, consumerProperties: configuration.consumerProperties,
            producerProperties: configuration.producerProperties,
            connectTimeout: min(timeout, .seconds(configuration.startupTimeoutSeconds)))
    }

    private func write(_ bytes: [UInt8]) throws(FleetError) {
        guard let out else {
            bytes.withUnsafeBufferPointer { Standard.output($0) }
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw .unwritableReport(path: out, reason: (error as NSError).localizedDescription)
        }
    }
}
