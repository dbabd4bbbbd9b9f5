import Logging
import ReadinessRegistry
import ReadinessWorker
import UnixSignals

/// Reloads the registry snapshot on SIGHUP (`systemctl reload`).
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
    let logger: Logger

    /// Handles SIGHUP until cancelled.
    func run() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            reload()
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
            logger.notice("registry snapshot reloaded", metadata: ["path": "\(path)", "revision": "\(snapshot.revision)"])
            return true
        } catch {
            logger.error("registry snapshot reload refused; still serving the previous one",
                         metadata: ["reason": "\(error.description)"])
            return false
        }
    }
}
