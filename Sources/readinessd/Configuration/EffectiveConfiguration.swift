import KafkaClient

/// The effective configuration as YAML-like text, librdkafka secrets redacted.
struct EffectiveConfiguration {
    let configuration: DaemonConfiguration

    init(_ configuration: DaemonConfiguration) {
        self.configuration = configuration
    }

    func render() -> String {
        let c = configuration
        var lines = [
            "kafka:",
            "  bootstrap_servers: \(c.bootstrapServers)",
            "  group_id: \(c.groupID)",
            "  topics:",
            "    requests: \(c.requestsTopic)",
            "    responses: \(c.responsesTopic)",
            "    rejections: \(c.rejectionsTopic)",
            "  embedded:",
            "    brokers: \(c.embeddedBrokers)",
            "    partitions: \(c.embeddedPartitions)",
            "    bootstrap_file: \(c.embeddedBootstrapFile)",
            "  startup_timeout_seconds: \(c.startupTimeoutSeconds)",
            "  statistics_interval_ms: \(c.statisticsIntervalMilliseconds)",
        ]
        for (section, properties) in [("properties", c.properties), ("consumer_properties", c.consumerProperties),
                                       ("producer_properties", c.producerProperties)] {
            lines.append("  \(section):" + (properties.isEmpty ? " {}" : ""))
            for (name, value) in KafkaConfiguration(properties).redacted().sorted(by: { $0.key < $1.key }) {
                lines.append("    \(name): \(value)")
            }
        }
        lines += [
            "registry:",
            "  snapshot: \(c.snapshotPath)",
            "  artifact_root: \(c.artifactRoot ?? "(the snapshot's folder)")",
            "processing:",
            "  max_message_bytes: \(c.maximumMessageBytes)",
            "  max_in_flight: \(c.maximumInFlight)",
            "  lanes: \(c.lanes)",
            "  batch_size: \(c.batchSize)",
            "  response_cache_entries: \(c.responseCacheEntries)",
            "  commit_interval_ms: \(c.commitIntervalMilliseconds)",
            "  drain_timeout_seconds: \(c.drainTimeoutSeconds)",
            "  produce_failure_exit_after_seconds: \(c.produceFailureExitAfterSeconds)",
            "  intake_stall_seconds: \(c.intakeStallSeconds)",
            "log:",
            "  level: \(c.logLevel)",
            "  format: \(c.logFormat.rawValue)",
            "http:",
            "  address: \(c.httpAddress?.description ?? "off")",
            "  progress_timeout_seconds: \(c.progressTimeoutSeconds)",
            "  produce_failure_seconds: \(c.produceFailureSeconds)",
            "  idle_timeout_seconds: \(c.httpLimits.idleTimeoutSeconds)",
            "  max_connections: \(c.httpLimits.maximumConnections)",
            "  max_request_bytes: \(c.httpLimits.maximumRequestBytes)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
