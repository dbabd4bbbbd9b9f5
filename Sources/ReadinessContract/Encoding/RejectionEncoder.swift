import Crypto

/// Encodes rejection events (contract §3.3).
public enum RejectionEncoder {
    /// Appends the rejection value JSON for `rejection` of the raw input `payload` to `writer`.
    public static func encode(_ rejection: Rejection, payload: UnsafeRawBufferPointer?, source: RejectionSource,
                              rejectedAt: Timestamp, into writer: JSONWriter) {
        encode(rejection, payload: PayloadDigest(payload), source: source, rejectedAt: rejectedAt, into: writer)
    }

    /// Appends the rejection value JSON for `rejection` of an input value described by `payload` to `writer`.
    public static func encode(_ rejection: Rejection, payload: PayloadDigest, source: RejectionSource,
                              rejectedAt: Timestamp, into writer: JSONWriter) {
        writer.raw(#"{"schema_version":"readinessd.rejection.v1","reason":""#)
        writer.raw(rejection.reason.wireName)
        writer.raw(#"","field":"#)
        writer.stringOrNull(rejection.field)
        writer.raw(#","message":"#)
        writer.string(rejection.message)
        writer.raw(#","correlation_id":"#)
        writer.stringOrNull(rejection.correlationID)
        writer.raw(#","tenant_id":"#)
        writer.stringOrNull(rejection.tenantID)
        writer.raw(#","operation":"#)
        writer.stringOrNull(rejection.operation)
        writer.raw(#","source":"#)
        switch source {
        case .line(let line):
            writer.raw(#"{"line":"#)
            writer.integer(line)
            writer.raw("}")
        case .kafka(let topic, let partition, let offset, let timestamp):
            writer.raw(#"{"topic":"#)
            writer.string(topic)
            writer.raw(#","partition":"#)
            writer.integer(partition)
            writer.raw(#","offset":"#)
            writer.integer(offset)
            writer.raw(#","timestamp_ms":"#)
            if let timestamp { writer.integer(timestamp) } else { writer.raw("null") }
            writer.raw("}")
        }
        writer.raw(#","rejected_at":""#)
        writer.timestamp(rejectedAt)
        writer.raw(#"","payload_sha256":""#)
        payload.sha256.withUnsafeBytes { writer.hex($0) }
        writer.raw(#"","payload_bytes":"#)
        writer.integer(payload.byteCount)
        writer.raw("}")
    }
}

extension RejectionReason {
    /// The reason's wire word as a static string (no allocation when encoding).
    public var wireName: StaticString {
        switch self {
        case .emptyMessage: "empty_message"
        case .oversized: "oversized"
        case .malformedJSON: "malformed_json"
        case .sensitiveMaterial: "sensitive_material"
        case .unsupportedSchemaVersion: "unsupported_schema_version"
        case .unsupportedOperation: "unsupported_operation"
        case .invalidField: "invalid_field"
        case .outputTooLarge: "output_too_large"
        }
    }
}
