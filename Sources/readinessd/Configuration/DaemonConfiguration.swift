import Foundation

/// The daemon's effective configuration (`readinessd run --config FILE`).
///
/// See `Config/readinessd.yaml` for every key with its default and meaning.
struct DaemonConfiguration: Sendable {
    /// `embedded` runs librdkafka's mock cluster in-process.
    var bootstrapServers: String
    var groupID: String
    var requestsTopic: String
    var responsesTopic: String
    var rejectionsTopic: String
    /// librdkafka properties for both clients, then per client.
    var properties: [String: String]
    var consumerProperties: [String: String]
    var producerProperties: [String: String]
    var embeddedBrokers: Int
    var embeddedPartitions: Int
    /// Where `run` publishes the embedded broker's bootstrap address (read by `fleet`).
    var embeddedBootstrapFile: String
    var startupTimeoutSeconds: Int
    /// `kafka.broker_profile`: `mock` applies the quick group timings of librdkafka's mock cluster.
    var brokerProfile: BrokerProfile

    var snapshotPath: String
    var artifactRoot: String?

    var maximumMessageBytes: Int
    var maximumInFlight: Int
    var lanes: Int
    var batchSize: Int
    /// `processing.response_cache_entries`: answers each lane keeps for repeated questions; 0 disables the cache.
    var responseCacheEntries: Int
    var commitIntervalMilliseconds: Int
    var drainTimeoutSeconds: Int
    /// Seconds an output may keep failing to be delivered before the daemon exits (status 75) to be restarted.
    var produceFailureExitAfterSeconds: Int
    /// `processing.intake_stall_seconds`: how long requests may wait on an assigned partition while nothing is
    /// consumed and nothing is in flight before the stall is reported and fetching resumed; 0 disables the watch.
    var intakeStallSeconds: Int

    var logLevel: String
    /// `log.format`: `auto` (JSON under systemd, text otherwise), `json` or `text`.
    var logFormat: LogFormat

    /// `http.address`: the operations listener (`/metrics`, `/healthz`, `/readyz`); `nil` when off.
    var httpAddress: ListenAddress?
    /// `http.progress_timeout_seconds`: `/healthz` fails when the pipeline has been stuck this long.
    var progressTimeoutSeconds: Int
    /// `http.produce_failure_seconds`: `/readyz` fails when producing has failed this long without a success.
    var produceFailureSeconds: Int
    /// `http.idle_timeout_seconds`, `http.max_connections`, `http.max_request_bytes`: the listener's limits.
    var httpLimits: HTTPLimits
    /// `kafka.statistics_interval_ms`: librdkafka statistics (lag, committed offsets) period; 0 disables.
    var statisticsIntervalMilliseconds: Int

    /// The `kafka.bootstrap_servers` value that runs the broker in-process.
    static let embeddedBootstrapValue = "embedded"

    var isEmbedded: Bool { bootstrapServers == DaemonConfiguration.embeddedBootstrapValue }

    /// Default of `kafka.embedded.bootstrap_file`, relative to the configuration file's folder.
    static let defaultBootstrapFile = ".embedded-bootstrap"

    static let knownKeys: Set<String> = [
        "kafka.bootstrap_servers", "kafka.group_id", "kafka.topics.requests", "kafka.topics.responses",
        "kafka.topics.rejections", "kafka.embedded.brokers", "kafka.embedded.partitions",
        "kafka.embedded.bootstrap_file", "kafka.startup_timeout_seconds", "kafka.broker_profile",
        "registry.snapshot", "registry.artifact_root",
        "processing.max_message_bytes", "processing.max_in_flight", "processing.lanes", "processing.batch_size",
        "processing.response_cache_entries",
        "processing.commit_interval_ms", "processing.drain_timeout_seconds", "processing.produce_failure_exit_after_seconds",
        "processing.intake_stall_seconds",
        "log.level", "log.format", "http.address", "http.progress_timeout_seconds", "http.produce_failure_seconds",
        "kafka.statistics_interval_ms",
        "http.idle_timeout_seconds", "http.max_connections", "http.max_request_bytes",
    ]

    /// Loads `path` (YAML) with environment overrides.
    static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path), let yaml = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("cannot read configuration file \(path)")
        }
        let base = (path as NSString).deletingLastPathComponent
        let source = try ConfigurationSource(yaml: yaml, baseDirectory: base.isEmpty ? "." : base,
                                             environment: environment, knownKeys: knownKeys)
        return try DaemonConfiguration(source)
    }

    init(_ source: ConfigurationSource) throws {
        bootstrapServers = source.string("kafka.bootstrap_servers", default: "embedded")
        groupID = source.string("kafka.group_id", default: "readinessd")
        requestsTopic = source.string("kafka.topics.requests", default: "policy-registry-readiness.requests")
        responsesTopic = source.string("kafka.topics.responses", default: "policy-registry-readiness.responses")
        rejectionsTopic = source.string("kafka.topics.rejections", default: "policy-registry-readiness.rejections")
        properties = source.propertyMaps["properties"] ?? [:]
        consumerProperties = source.propertyMaps["consumer_properties"] ?? [:]
        producerProperties = source.propertyMaps["producer_properties"] ?? [:]
        embeddedBrokers = try source.integer("kafka.embedded.brokers", default: 1, range: 1...9)
        embeddedPartitions = try source.integer("kafka.embedded.partitions", default: 6, range: 1...1000)
        embeddedBootstrapFile = source.path("kafka.embedded.bootstrap_file")
            ?? "\(source.baseDirectory)/\(DaemonConfiguration.defaultBootstrapFile)"
        startupTimeoutSeconds = try source.integer("kafka.startup_timeout_seconds", default: 30, range: 1...3600)
        brokerProfile = try source.string("kafka.broker_profile").map { text throws(ConfigurationError) in try BrokerProfile.parse(text) }
            ?? BrokerProfile.defaultValue(bootstrapServers: bootstrapServers)
        guard let snapshot = source.path("registry.snapshot") else {
            throw ConfigurationError("registry.snapshot is required (path of the registry snapshot JSON)")
        }
        snapshotPath = snapshot
        artifactRoot = source.path("registry.artifact_root")
        maximumMessageBytes = try source.integer("processing.max_message_bytes", default: 1 << 20, range: 1...(256 << 20))
        maximumInFlight = try source.integer("processing.max_in_flight", default: 50_000, range: 1...10_000_000)
        lanes = try source.integer("processing.lanes", default: 2, range: 1...64)
        batchSize = try source.integer("processing.batch_size", default: 1000, range: 1...100_000)
        responseCacheEntries = try source.integer("processing.response_cache_entries", default: 20_000, range: 0...10_000_000)
        commitIntervalMilliseconds = try source.integer("processing.commit_interval_ms", default: 200, range: 1...60_000)
        drainTimeoutSeconds = try source.integer("processing.drain_timeout_seconds", default: 20, range: 1...3600)
        produceFailureExitAfterSeconds = try source.integer("processing.produce_failure_exit_after_seconds",
                                                            default: 300, range: 1...86_400)
        intakeStallSeconds = try source.integer("processing.intake_stall_seconds", default: 60, range: 0...86_400)
        logLevel = source.string("log.level", default: "info")
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigurationError("log.level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard let format = LogFormat(rawValue: source.string("log.format", default: "auto")) else {
            throw ConfigurationError("log.format must be one of auto, json, text")
        }
        logFormat = format
        httpAddress = try ListenAddress.parse(source.string("http.address", default: ListenAddress.defaultValue))
        progressTimeoutSeconds = try source.integer("http.progress_timeout_seconds", default: 30, range: 1...3600)
        produceFailureSeconds = try source.integer("http.produce_failure_seconds", default: 60, range: 1...86_400)
        httpLimits = HTTPLimits(
            idleTimeoutSeconds: try source.integer("http.idle_timeout_seconds",
                                                   default: HTTPLimits.defaults.idleTimeoutSeconds, range: 1...3600),
            maximumConnections: try source.integer("http.max_connections",
                                                   default: HTTPLimits.defaults.maximumConnections, range: 1...65_536),
            maximumRequestBytes: try source.integer("http.max_request_bytes",
                                                    default: HTTPLimits.defaults.maximumRequestBytes, range: 1024...(1 << 20)))
        statisticsIntervalMilliseconds = try source.integer("kafka.statistics_interval_ms", default: 5000, range: 0...86_400_000)
        for name in [requestsTopic, responsesTopic, rejectionsTopic] where name.isEmpty {
            throw ConfigurationError("kafka.topics.* must not be empty")
        }
    }
}
