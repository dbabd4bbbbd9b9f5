/// Hands out the same `String` for byte strings seen recently, so that values repeating across
/// requests — policy pack refs, tenant ids, catalog scopes — are not allocated for every request.
///
/// Why: a `String` of more than 15 UTF-8 bytes lives on the heap. Refs such as
/// `starter-policy-1` (16 bytes) cost an allocation, a free and two atomic reference-count
/// operations each, in every request that names them — on the daemon's hot path, with its
/// allocator shared with librdkafka's threads. Here a repeat costs a hash, one comparison and a
/// retain. A direct-mapped table of ``slotCount`` slots: a new text replaces whatever shared its
/// slot. The strings handed out are exactly the bytes given (refs compare by code points).
struct StringInterner {
    /// Slots in the table.
    static let slotCount = 1_024
    /// Longer texts are made afresh (rarely repeated, and comparing them costs more).
    static let maximumLength = 128

    private var slots = [String?](repeating: nil, count: StringInterner.slotCount)

    /// A `String` holding `text` (already validated UTF-8).
    mutating func string(_ text: UnsafeBufferPointer<UInt8>) -> String {
        // Small strings are stored inline: nothing to save.
        guard text.count > 15, text.count <= Self.maximumLength else { return Document.makeString(text) }
        let slot = Int(truncatingIfNeeded: ByteHash.hash(text)) & (Self.slotCount - 1)
        if let kept = slots[slot], kept.withUTF8Bytes({ $0.count == text.count && memcmpEqual($0.baseAddress!, text.baseAddress!, text.count) }) {
            return kept
        }
        let made = Document.makeString(text)
        slots[slot] = made
        return made
    }
}
