import CoreMetrics
import Prometheus

/// Wraps the Prometheus factory so that every readinessd metric is exposed
/// with a `# HELP` line (swift-metrics carries no help text, and
/// `promtool check metrics` reports each metric without one). Metrics not
/// listed in `help` are made by the wrapped factory unchanged.
struct DocumentedMetricsFactory: MetricsFactory {
    let inner: PrometheusMetricsFactory

    /// Help text by metric name (the same for every label combination, as Prometheus requires).
    static let help: [String: String] = [
        "readinessd_requests_consumed_total": "Requests consumed from the requests topic.",
        "readinessd_responses_total": "Responses produced, by readiness status.",
        "readinessd_rejections_total": "Requests answered on the rejections topic, by reason.",
        "readinessd_cached_responses_total": "Responses served from the per-lane response cache.",
        "readinessd_response_cache_rests_total": "Times a lane's response cache was emptied.",
        "readinessd_batch_processing_seconds": "Time to process one consumer batch.",
        "readinessd_in_flight_outputs": "Outputs awaiting broker acknowledgement.",
        "readinessd_produce_errors_total": "Failed attempts to produce an output, by stage.",
        "readinessd_produce_retries_total": "Outputs produced again after a failure.",
        "readinessd_rebalance_events_total": "Consumer group rebalance events, by kind.",
        "readinessd_assigned_partitions": "Partitions of the requests topic assigned to this consumer.",
        "readinessd_commit_failures_total": "Offset commits the broker refused.",
        "readinessd_producer_replacements_total": "Times the producer was replaced after a fatal error.",
        "readinessd_intake_stalls_total": "Times intake was found stalled.",
        "readinessd_intake_stalled": "1 while intake is stalled, else 0.",
        "readinessd_snapshot_reloads_total": "Registry snapshot reloads, by result (applied or refused).",
        "readinessd_snapshot_last_reload_success": "1 if the last snapshot reload was applied, 0 if refused.",
        "readinessd_snapshot_loaded_timestamp_seconds": "Unix time the serving snapshot was loaded.",
        "readinessd_snapshot_info": "1 for the registry snapshot revision being served.",
        "readinessd_consumer_lag": "Requests not yet consumed, per partition (librdkafka statistics).",
        "readinessd_consumer_lag_all_partitions": "Requests not yet consumed, over all assigned partitions.",
        "readinessd_consumer_committed_offset": "Committed offset per partition (librdkafka statistics).",
        "readinessd_statistics_parse_errors_total": "librdkafka statistics documents that could not be read.",
        "readinessd_kafka_unreachable": "1 while no Kafka broker is reachable, else 0.",
        "readinessd_kafka_brokers_up": "Kafka brokers this consumer is connected to (librdkafka statistics).",
        "readinessd_http_connections_evicted_total": "Idle HTTP connections closed to make room under http.max_connections.",
    ]

    /// The whole name as `metricName` (no unit part: the names already end in theirs).
    private static func descriptor(_ label: String) -> MetricNameDescriptor? {
        help[label].map { MetricNameDescriptor(metricName: label, unitName: "", helpText: $0) }
    }

    init(_ inner: PrometheusMetricsFactory) {
        self.inner = inner
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let descriptor = Self.descriptor(label) else { return inner.makeCounter(label: label, dimensions: dimensions) }
        return inner.registry.makeCounter(descriptor: descriptor, labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        inner.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard !aggregate, let descriptor = Self.descriptor(label) else {
            return inner.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        return inner.registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let descriptor = Self.descriptor(label) else { return inner.makeMeter(label: label, dimensions: dimensions) }
        return inner.registry.makeGauge(descriptor: descriptor, labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let descriptor = Self.descriptor(label) else { return inner.makeTimer(label: label, dimensions: dimensions) }
        let buckets = inner.durationHistogramBuckets[label] ?? inner.defaultDurationHistogramBuckets
        return inner.registry.makeDurationHistogram(descriptor: descriptor, labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) { inner.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { inner.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { inner.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { inner.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { inner.destroyTimer(handler) }
}
