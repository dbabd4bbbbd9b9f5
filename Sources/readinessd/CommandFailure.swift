/// A command failed for a reason the operator can act on; reported as one line.
struct CommandFailure: Error, CustomStringConvertible {
    /// The one-line explanation.
    var description: String
    /// The process exit status (documented in the README).
    var exitCode: Int32 = 1

    /// Exit status when outputs stayed undeliverable past `processing.produce_failure_exit_after_seconds`
    /// (`EX_TEMPFAIL`: restart and try again).
    static let producePathBroken: Int32 = 75

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
