/// Why the worker pipeline stopped on its own (a clean stop is not a failure).
public enum PipelineFailure: Error, CustomStringConvertible {
    /// Outputs have not been delivered for longer than `processing.produce_failure_exit_after_seconds`.
    /// Nothing past the oldest unanswered request was committed; a restarted process redoes it.
    case producePathBroken(failingFor: Duration, failingOutputs: Int, lastError: String)

    /// One line, with what to check.
    public var description: String {
        switch self {
        case .producePathBroken(let failingFor, let failingOutputs, let lastError):
            "outputs undeliverable for \(failingFor.components.seconds) s (\(failingOutputs) outputs failing, "
                + "last error: \(lastError)); nothing past them was committed. Check that the output topics exist "
                + "and that this principal may write to them; exiting so that the supervisor restarts the worker"
        }
    }
}
