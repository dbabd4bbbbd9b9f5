/// An output whose delivery failed, to be produced again.
public struct FailedOutput: Sendable {
    /// The delivery token to produce it with (the same ledger entry).
    public var token: UInt64
    /// The batch holding the output's bytes.
    public var batch: OutputBatch
    /// The output's index in `batch`.
    public var index: Int
    /// How many times it has been produced, counting the coming attempt.
    public var attempts: Int
}
