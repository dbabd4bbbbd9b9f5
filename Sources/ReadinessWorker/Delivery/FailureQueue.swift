import KafkaClient

/// Failed deliveries waiting for the retrier, and the failure figures the produce watch reads
/// (``DeliveryLedger/failingCount``, ``DeliveryLedger/lastFailure``).
///
/// Not thread-safe: the ledger holds it under its lock, next to the ``OutputSlots`` whose tokens
/// it queues.
struct FailureQueue {
    private var queued: [(token: DeliveryToken, error: KafkaError)] = []
    /// Registered outputs with at least one failed delivery.
    private(set) var failingCount = 0
    /// The last delivery error reported, for log lines (see ``isConsequence(_:)``).
    private(set) var lastFailure: String?

    /// Whether no failure waits for the retrier.
    var isEmpty: Bool { queued.isEmpty }

    /// Queues the failed delivery of `token`; `first` when it is the output's first failure.
    mutating func report(_ token: DeliveryToken, _ error: KafkaError, first: Bool) {
        if first { failingCount += 1 }
        if lastFailure == nil || !FailureQueue.isConsequence(error) {
            lastFailure = "\(error)"
        }
        queued.append((token, error))
    }

    /// `count` outputs that had failed were delivered or forgotten: they no longer count as failing.
    mutating func stopFailing(_ count: Int = 1) {
        failingCount -= count
    }

    /// Takes every queued failure, oldest first.
    mutating func takeAll() -> [(token: DeliveryToken, error: KafkaError)] {
        defer { queued.removeAll() }
        return queued
    }

    /// Failures that only follow from an earlier one — messages purged by a fatal producer or a
    /// replacement, refused by a fatal or closed producer, abandoned by a stop — keep the more telling
    /// last error (e.g. `TOPIC_AUTHORIZATION_FAILED`) for the log lines.
    static func isConsequence(_ error: KafkaError) -> Bool {
        switch error {
        case .closed, .cancelled: return true
        default:
            guard let code = error.code else { return false }
            return code == .purgedFromQueue || code == .purgedInFlight || code == .fatal || code == .gaplessGuarantee
        }
    }
}
