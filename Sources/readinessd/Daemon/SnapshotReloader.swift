import Logging
import ReadinessRegistry
import ReadinessWorker
import UnixSignals

/// Reloads the registry snapshot on SIGHUP (`systemctl reload`) and when the
/// snapshot file changes (a finished write, or a new file renamed into place).
///
/// Reloads are serialized: SIGHUP and the file watcher only *request* a
/// reload, and one loop performs them one at a time. Requests that arrive
/// while a reload runs collapse into one more reload afterwards, which reads
/// the file as it is then — so the newest request always wins and an older
/// snapshot can never be swapped in after a newer one.
///
/// The new snapshot is loaded (file read, artifacts hashed) on a thread of its
/// own, never on the cooperative pool, and checked completely before it is
/// swapped in; requests already being processed finish against the old one. A
/// refused snapshot changes nothing: the last good one keeps serving and the
/// reason is logged and counted.
struct SnapshotReloader: Sendable {
    /// What asked for a reload (logged).
    enum Trigger: String, Sendable {
        case signal = "SIGHUP"
        case fileChange = "file change"
        case request = "request"
    }

    let path: String
    let store: SnapshotStore
    let notifier: SystemdNotifier
    let metrics: SnapshotMetrics
    let state: OperationalState
    let logger: Logger
    /// Loads and checks the snapshot; blocking, run on a thread of its own.
    private let load: @Sendable () throws(SnapshotError) -> RegistrySnapshot
    private let requests: AsyncStream<Trigger>
    private let requestContinuation: AsyncStream<Trigger>.Continuation

    /// A reloader for the snapshot at `path` with artifacts under `artifactRoot`.
    init(path: String, artifactRoot: String?, store: SnapshotStore, notifier: SystemdNotifier, metrics: SnapshotMetrics,
         state: OperationalState, logger: Logger) {
        self.init(path: path, store: store, notifier: notifier, metrics: metrics, state: state, logger: logger) {
            () throws(SnapshotError) -> RegistrySnapshot in
            try SnapshotLoader.load(path: path, artifactRoot: artifactRoot)
        }
    }

    /// A reloader using `load` to load the snapshot (tests observe or slow down loading with it).
    init(path: String, store: SnapshotStore, notifier: SystemdNotifier, metrics: SnapshotMetrics,
         state: OperationalState, logger: Logger,
         load: @escaping @Sendable () throws(SnapshotError) -> RegistrySnapshot) {
        self.path = path
        self.store = store
        self.notifier = notifier
        self.metrics = metrics
        self.state = state
        self.logger = logger
        self.load = load
        // At most one pending request: a burst collapses into one reload of the final file.
        (requests, requestContinuation) = AsyncStream.makeStream(of: Trigger.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Handles SIGHUP and file changes until cancelled.
    func run() async {
        let watcher = SnapshotFileWatcher(path: path)
        if watcher == nil { logger.warning("cannot watch the snapshot file; reload with SIGHUP", metadata: ["path": "\(path)"]) }
        await withDiscardingTaskGroup { group in
            if let watcher {
                group.addTask {
                    for await _ in watcher.changes { requestReload(.fileChange) }
                }
            }
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sighup) { requestReload(.signal) }
            }
            await performRequestedReloads()
            watcher?.stop()
            group.cancelAll()
        }
    }

    /// Asks for a reload; returns at once. The reload runs after any reload in progress.
    func requestReload(_ trigger: Trigger = .request) {
        requestContinuation.yield(trigger)
    }

    /// Performs requested reloads one at a time until cancelled.
    func performRequestedReloads() async {
        for await trigger in requests {
            logger.info("reloading the registry snapshot", metadata: ["path": "\(path)", "trigger": "\(trigger.rawValue)"])
            await reload()
        }
    }

    /// Loads the snapshot file and serves it if it is valid; returns whether it was swapped in.
    @discardableResult
    func reload() async -> Bool {
        notifier.send("RELOADING=1\nSTATUS=reloading the registry snapshot")
        defer { notifier.send("READY=1") }
        let load = self.load
        let outcome = await SnapshotLoadThread.run { () -> Result<RegistrySnapshot, SnapshotError> in
            do throws(SnapshotError) { return .success(try load()) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let snapshot):
            store.replace(with: snapshot)
            metrics.serving(revision: snapshot.revision, reloaded: true)
            state.snapshotLoaded(revision: snapshot.revision)
            logger.notice("registry snapshot reloaded", metadata: ["path": "\(path)", "revision": "\(snapshot.revision)"])
            return true
        case .failure(let error):
            metrics.refusedReload()
            logger.error("registry snapshot reload refused; still serving the previous one",
                         metadata: ["reason": "\(error.description)"])
            return false
        }
    }
}
