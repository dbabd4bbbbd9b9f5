import ReadinessRegistry
import Synchronization

/// Holds the registry snapshot currently served. A reload swaps in a new
/// evaluator between batches; a batch keeps the evaluator it started with.
public final class SnapshotStore: Sendable {
    private let current: Mutex<ReadinessEvaluator>

    /// Creates a store serving `snapshot`.
    public init(_ snapshot: RegistrySnapshot) {
        current = Mutex(ReadinessEvaluator(snapshot: snapshot))
    }

    /// The evaluator for the snapshot being served.
    public var evaluator: ReadinessEvaluator { current.withLock { $0 } }

    /// Serves `snapshot` from now on.
    public func replace(with snapshot: RegistrySnapshot) {
        current.withLock { $0 = ReadinessEvaluator(snapshot: snapshot) }
    }
}
