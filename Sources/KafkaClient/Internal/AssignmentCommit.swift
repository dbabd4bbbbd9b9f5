import Synchronization

/// A commit requested for the next group assignment (``KafkaConsumer/commitAtNextAssignment(_:)``):
/// armed by the application, taken and made by the poll thread inside the rebalance callback, its
/// outcome read back by the application.
final class AssignmentCommit: Sendable {
    private enum State {
        case idle
        case armed([TopicPartitionOffset])
        case done(Result<Void, KafkaError>)
    }

    private let state = Mutex(State.idle)

    /// Requests a commit of `offsets` at the next assignment (replacing an unserved request or an unread outcome).
    func arm(_ offsets: [TopicPartitionOffset]) {
        state.withLock { $0 = offsets.isEmpty ? .idle : .armed(offsets) }
    }

    /// Poll thread: the offsets to commit now, if a commit is armed.
    func take() -> [TopicPartitionOffset]? {
        state.withLock { state in
            guard case .armed(let offsets) = state else { return nil }
            state = .idle
            return offsets
        }
    }

    /// Poll thread: the outcome of the commit just made.
    func record(_ outcome: Result<Void, KafkaError>) {
        state.withLock { $0 = .done(outcome) }
    }

    /// The outcome (`nil`: none yet); withdraws an unserved request.
    func takeOutcome() -> Result<Void, KafkaError>? {
        state.withLock { state in
            defer { state = .idle }
            guard case .done(let outcome) = state else { return nil }
            return outcome
        }
    }
}
