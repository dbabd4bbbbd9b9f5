/// What became of one request of a fleet run.
public enum FleetOutcome: Sendable, Hashable {
    /// The service evaluated it.
    case answered(FleetAnswer.Response)
    /// The service refused it (dead-letter topic).
    case rejected(FleetAnswer.Rejection)
    /// No answer arrived before the run ended.
    case unanswered
    /// Kafka did not accept the request (the delivery report failed); the
    /// text is the producer's error.
    case notSent(String)

    /// The outcome word used in reports: `answered`, `rejected`, `unanswered`, `not_sent`.
    public var word: String {
        switch self {
        case .answered: "answered"
        case .rejected: "rejected"
        case .unanswered: "unanswered"
        case .notSent: "not_sent"
        }
    }

    /// `true` once the request is settled (answered, rejected or known not sent).
    public var isSettled: Bool {
        if case .unanswered = self { return false }
        return true
    }
}
