extension Duration {
    /// The duration in whole milliseconds, clamped to `Int32` for librdkafka timeouts.
    var int32Milliseconds: Int32 {
        Int32(clamping: int64Milliseconds)
    }

    /// The duration in whole milliseconds.
    var int64Milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
