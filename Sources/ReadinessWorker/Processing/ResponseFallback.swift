import ReadinessContract

/// What a response needs to be replaced by an `output_too_large` rejection after Kafka refused it
/// with an error no retry cures for that message (contract §9.3), kept while the input is gone.
///
/// Only responses of at least ``minimumOutputBytes`` keep one: hashing the input (the rejection's
/// `payload_sha256`) costs as much as a good part of processing a usual request, and a cluster that
/// refuses a record below that size for its size would refuse every output. Smaller outputs that
/// fail are produced again as in v1 (a batch refused for a large neighbour's sake then goes through).
struct ResponseFallback: Sendable {
    /// Responses smaller than this (key, value, headers, overhead) keep no fallback.
    static let minimumOutputBytes = 16 * 1024

    /// The input value's digest and length.
    let payload: PayloadDigest
    /// The input message's timestamp (ms), `nil` when unavailable.
    let timestampMilliseconds: Int64?
    /// The request's trimmed `correlation_id` (echoable: the request passed validation).
    let correlationID: String
    /// The request's trimmed `tenant_id`.
    let tenantID: String
    /// The response's size as compared with the limit (``OutputSize/bound(payloadBytes:headerCount:)``).
    let outputBytes: Int
}
