import Logging
import ReadinessRegistry
import ReadinessWorker
import UnixSignals

/// Reloads the registry snapshot on SIGHUP (`systemctl reload`) and when the
/// snapshot file changes (written, or a new file renamed into place).
///
/// The new snapshot is loaded and checked completely before it is swapped in;
/// requests already being processed finish against the old one. A refused
/// snapshot changes nothing: the last good one keeps serving and the reason is
/// logged.
struct SnapshotReloader {
    let path: String
    let artifactRoot: String?
    let store: SnapshotStore
    let notifier: SystemdNotifier
    let metrics: SnapshotMetrics
    let state: OperationalState
    let logger: Logger

    /// Handles SIGHUP and file changes until cancelled.
    func run() async {
        let watcher = SnapshotFileWatcher(path: path)
        if watcher == nil { logger.warning("cannot watch the snapshot file; reload with SIGHUP", metadata: ["path": "\(path)"]) }
        await withDiscardingTaskGroup { group in
            if let watcher {
                group.addTask {
                    for await _ in watcher.changes {
                        logger.info("snapshot file changed", metadata: ["path": "\(path)"])
                        reload()
                    }
                }
            }
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                reload()
            }
            watcher?.stop()
        }
    }

    /// Loads the snapshot file and serves it if it is valid; returns whether it was swapped in.
    @discardableResult
    func reload() -> Bool {
        notifier.send("RELOADING=1\nSTATUS=reloading the registry snapshot")
        defer { notifier.send("READY=1") }
        do {
            let snapshot = try SnapshotLoader.load(path: path, artifactRoot: artifactRoot)
            store.replace(with: snapshot)
            metrics.serving(revision: snapshot.revision, reloaded: true)
            state.snapshotLoaded(revision: snapshot.revision)
            logger.notice("registry snapshot reloaded", metadata: ["path": "\(path)", "revision": "\(snapshot.revision)"])
            return true
        } catch {
            metrics.refusedReload()
            logger.error("registry snapshot reload refused; still serving the previous one",
                         metadata: ["reason": "\(error.description)"])
            return false
        }
    }
}
