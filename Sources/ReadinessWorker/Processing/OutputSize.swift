/// The size an output has in librdkafka's check against `message.max.bytes` (contract §9.3).
///
/// librdkafka 2.0.2 refuses at enqueue a message whose
/// `RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD + key + value + serialized headers` exceeds
/// `message.max.bytes`; a serialized header is its name, its value and two zig-zag varint lengths.
/// ``bound(payloadBytes:headerCount:)`` is never below that figure, so an output it passes is
/// never refused for its size by the producer, and one it fails would be (or comes within a few
/// bytes per header of it).
enum OutputSize {
    /// `RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD`: a v2 record's length, attributes, timestamp delta,
    /// offset delta, key length, value length and header count, each at its longest varint.
    static let recordOverhead = 36
    /// Per header: the longest name the pipeline writes (`x-rejection-reason`) and two varint
    /// lengths of at most 5 bytes each (lengths below 2³¹, zig-zag encoded).
    static let headerOverhead = 18 + 10

    /// An upper bound of librdkafka's size of an output with `payloadBytes` bytes of key, value and
    /// header values and `headerCount` headers.
    @inline(__always)
    static func bound(payloadBytes: Int, headerCount: Int) -> Int {
        recordOverhead + payloadBytes + headerCount * headerOverhead
    }
}
