import Metrics
import Prometheus
import ReadinessWorker

/// Process-wide metrics set-up: a Prometheus registry behind swift-metrics.
enum MetricsSetup {
    /// Bootstraps `MetricsSystem` with a Prometheus factory (once per process); returns the registry `/metrics` renders.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A batch of up to `processing.batch_size` messages takes from well under a millisecond to seconds.
        factory.durationHistogramBuckets[PipelineMetrics.Name.batchProcessing] = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        ]
        MetricsSystem.bootstrap(DocumentedMetricsFactory(factory))
        return registry
    }
}
