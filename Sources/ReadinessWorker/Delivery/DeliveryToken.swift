/// The token an output is produced with and that comes back in its delivery report: the output's
/// slot in ``OutputSlots`` and the slot's generation when the output was registered.
///
/// A slot is reused once its output is done, so a late report for an earlier occupant carries an
/// older generation and is ignored. This is the one place where the two halves are packed into,
/// and read back from, the `UInt64` that librdkafka carries as the message's opaque.
struct DeliveryToken: Hashable, Sendable {
    /// The packed form: generation in the high 32 bits, slot in the low 32 bits.
    let rawValue: UInt64

    /// The token as it came back from librdkafka (or from ``FailedOutput/token``).
    init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The token of `slot` at `generation`.
    init(slot: Int, generation: UInt32) {
        precondition(slot >= 0 && slot <= Int(UInt32.max))
        rawValue = UInt64(generation) << 32 | UInt64(slot)
    }

    /// The slot the output occupies.
    var slot: Int { Int(rawValue & 0xFFFF_FFFF) }

    /// The slot's generation when the output was registered.
    var generation: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
}
