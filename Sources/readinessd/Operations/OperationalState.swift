import ReadinessWorker
import Synchronization

/// What the health endpoints need to know about the daemon, filled in as
/// start-up proceeds: the snapshot, then the pipeline's health record.
final class OperationalState: Sendable {
    private struct State {
        var revision: String?
        var health: PipelineHealth?
    }

    private let state = Mutex(State())

    /// Records that a snapshot of `revision` is being served (start-up and every successful reload).
    func snapshotLoaded(revision: String) { state.withLock { $0.revision = revision } }

    /// Attaches the running pipeline's health record.
    func attach(_ health: PipelineHealth) { state.withLock { $0.health = health } }

    /// The revision being served, `nil` before the first snapshot loaded.
    var revision: String? { state.withLock { $0.revision } }

    /// The pipeline's health record, `nil` before the pipeline exists.
    var health: PipelineHealth? { state.withLock { $0.health } }
}
