/// Why a request was not answered with a response (contract §3.3 `reason`).
public enum RejectionReason: String, Sendable, CaseIterable, Hashable {
    case emptyMessage = "empty_message"
    case oversized = "oversized"
    case malformedJSON = "malformed_json"
    case sensitiveMaterial = "sensitive_material"
    case unsupportedSchemaVersion = "unsupported_schema_version"
    case unsupportedOperation = "unsupported_operation"
    case invalidField = "invalid_field"
    /// Kafka only (contract §9.3): the request's output would not fit the producer's
    /// `message.max.bytes`, or Kafka refused it with an error no retry cures for that message.
    /// `readinessd evaluate` never emits it.
    case outputTooLarge = "output_too_large"
}

/// The verdict on a request that failed validation: the content of a rejection
/// event (contract §3.3) before its source and digest are attached.
///
/// Nothing in a rejection quotes the offending value: `message` is fixed text
/// chosen by the rule, `field` is a path built from key names (a key that is
/// itself sensitive is named by its path, which contract §3.1 rule 4 requires),
/// and the echoed identifiers pass the sensitive-value patterns.
public struct Rejection: Sendable, Equatable {
    /// The first failing rule's reason.
    public var reason: RejectionReason
    /// The JSON path of the offending member, or `nil` for reasons 1–3 and `output_too_large`.
    public var field: String?
    /// Human-readable explanation; never quotes the offending value.
    public var message: String
    /// Echoed `correlation_id` (trimmed), when echoable.
    public var correlationID: String?
    /// Echoed `tenant_id` (trimmed), when echoable.
    public var tenantID: String?
    /// Echoed `operation` (trimmed), when echoable.
    public var operation: String?

    /// Creates a rejection.
    public init(reason: RejectionReason, field: String?, message: String,
                correlationID: String? = nil, tenantID: String? = nil, operation: String? = nil) {
        self.reason = reason
        self.field = field
        self.message = message
        self.correlationID = correlationID
        self.tenantID = tenantID
        self.operation = operation
    }
}

/// The outcome of validating one input value: exactly one of these.
public enum ValidationOutcome: Sendable, Equatable {
    /// The request is valid and can be evaluated.
    case accepted(ReadinessRequest)
    /// The request is rejected and goes to the dead-letter topic.
    case rejected(Rejection)
}
