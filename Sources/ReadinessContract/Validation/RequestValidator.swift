/// Validates one input value against contract §3.1, rule by rule, in order.
///
/// The first failing rule decides the outcome. A validator keeps its parser
/// and scratch buffers between calls, so one instance per worker thread
/// validates without allocating except for the strings of the result.
public struct RequestValidator {
    /// The request schema this worker accepts.
    public static let schemaVersion: StaticString = "cavra.saas_control_plane.request.v1"
    /// The only operation this worker handles.
    public static let operation: StaticString = "policy_registry_readiness"
    /// The most `policy_pack_refs` a request may list (before de-duplication).
    public static let maximumPolicyPackRefs = 1000

    /// Values strictly longer than this are `oversized` (contract default: 1 MiB).
    public var maximumMessageBytes: Int

    var parser = StrictJSONParser()
    var document = Document()

    /// Creates a validator that rejects values longer than `maximumMessageBytes`.
    public init(maximumMessageBytes: Int = 1 << 20) {
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// Validates `value` (`nil` for a Kafka tombstone).
    public mutating func validate(_ value: UnsafeRawBufferPointer?) -> ValidationOutcome {
        guard let value, value.count > 0, let base = value.baseAddress else {
            return .rejected(Rejection(reason: .emptyMessage, field: nil,
                                       message: "message value is empty (a tombstone or zero bytes); there is nothing to evaluate"))
        }
        guard value.count <= maximumMessageBytes else {
            return .rejected(Rejection(reason: .oversized, field: nil,
                                       message: "message value is \(value.count) bytes, more than max_message_bytes (\(maximumMessageBytes))"))
        }
        if let error = parser.parse(value) {
            return .rejected(Rejection(reason: .malformedJSON, field: nil,
                                       message: "message value is not an acceptable JSON document: \(error.problem.rawValue)"))
        }
        document.reset(base: base.assumingMemoryBound(to: UInt8.self), count: value.count)
        // The parser (a stored property of self) keeps the nodes alive and is not touched until
        // validation ends.
        document.nodes = parser.unsafeTapeNodes
        defer { document.nodes = nil }
        return document.validateParsed()
    }
}
