/// A command failed for a reason the operator can act on; reported as one line.
struct CommandFailure: Error, CustomStringConvertible {
    /// The one-line explanation.
    var description: String
    /// The process exit status (``ExitStatus`` for `run`; `fleet` passes its own statuses).
    var exitCode: Int32

    init(_ description: String, status: ExitStatus = .failure) {
        self.description = description
        self.exitCode = status.rawValue
    }

    /// A failure with a status outside ``ExitStatus`` (`readinessd fleet`'s own statuses).
    init(_ description: String, exitCode: Int32) {
        self.description = description
        self.exitCode = exitCode
    }
}
