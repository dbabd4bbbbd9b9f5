import ReadinessContract

/// What an output is, which decides its topic (contract §1).
public enum OutputKind: Sendable, Equatable {
    /// A readiness response, with the status it reports.
    case response(ReadinessStatus)
    /// A rejection, with its reason.
    case rejection(RejectionReason)

    /// `true` for a response.
    public var isResponse: Bool {
        if case .response = self { return true }
        return false
    }
}
