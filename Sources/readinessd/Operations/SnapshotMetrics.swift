import Foundation
import Metrics
import Synchronization

/// Metrics about the registry snapshot being served and its reloads:
/// `readinessd_snapshot_info{revision}` (1 for the revision served; the series
/// of the previous revision is removed, so there is one at a time),
/// `readinessd_snapshot_reloads_total{result="applied|refused"}`,
/// `readinessd_snapshot_last_reload_success` (1/0) and
/// `readinessd_snapshot_loaded_timestamp_seconds`.
final class SnapshotMetrics: Sendable {
    private let info = Mutex<(revision: String, gauge: Gauge)?>(nil)
    private let applied = Counter(label: "readinessd_snapshot_reloads_total", dimensions: [("result", "applied")])
    private let refused = Counter(label: "readinessd_snapshot_reloads_total", dimensions: [("result", "refused")])
    private let lastReloadSuccess = Gauge(label: "readinessd_snapshot_last_reload_success")
    private let loadedAt = Gauge(label: "readinessd_snapshot_loaded_timestamp_seconds")

    init() {
        lastReloadSuccess.record(1)
    }

    /// A snapshot of `revision` is served from now on (start-up or reload).
    func serving(revision: String, reloaded: Bool) {
        info.withLock { slot in
            guard slot?.revision != revision else { return }
            // The same name and labels map to one series: remove the old revision's before adding the new one.
            slot?.gauge.destroy()
            let gauge = Gauge(label: "readinessd_snapshot_info", dimensions: [("revision", revision)])
            gauge.record(1)
            slot = (revision, gauge)
        }
        loadedAt.record(Date().timeIntervalSince1970.rounded(.down))
        if reloaded {
            applied.increment()
            lastReloadSuccess.record(1)
        }
    }

    /// A reload was refused; the previous snapshot keeps serving.
    func refusedReload() {
        refused.increment()
        lastReloadSuccess.record(0)
    }
}
