/// Every error raised by the KafkaClient module.
///
/// Messages are meant to be actionable by an operator: they name the
/// operation, the librdkafka error name and explanation, and the property or
/// topic involved. They never contain configuration values or payload bytes.
public enum KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why a configuration property was rejected.
    public enum ConfigurationProblem: Sendable, Hashable {
        /// librdkafka does not know the property name.
        case unknownProperty
        /// The value is not valid for the property (the value is not shown).
        case invalidValue
        /// A property the client needs is missing.
        case missingRequiredProperty
    }

    /// A configuration property was rejected. Only the property *name* is
    /// reported; the value is never included (it may be a secret).
    case invalidConfiguration(property: String, problem: ConfigurationProblem)
    /// `rd_kafka_new` refused the configuration as a whole (for example
    /// conflicting properties); `reason` is librdkafka's explanation.
    case clientCreationFailed(reason: String)
    /// The local producer queue is full. Nothing was enqueued: retry the same
    /// message after delivery reports have drained the queue (or use
    /// ``KafkaProducer/send(topic:partition:key:value:headers:token:)``).
    case queueFull(topic: String)
    /// librdkafka reported `code` while performing `operation`.
    case rdkafka(operation: String, code: KafkaErrorCode, detail: String?)
    /// No broker answered within the timeout (`operation` names the call).
    case brokersUnreachable(operation: String, timeoutMilliseconds: Int64, code: KafkaErrorCode)
    /// The operation did not finish within its timeout.
    case timedOut(operation: String, timeoutMilliseconds: Int64)
    /// The client has been closed; no further operations are possible.
    case closed(operation: String)
    /// The awaiting task was cancelled before the operation completed.
    case cancelled(operation: String)
    /// A topic requested in a start-up check does not exist.
    case missingTopics([String])
    /// The client raised a fatal error (`code` is the underlying error, e.g.
    /// ``KafkaErrorCode/gaplessGuarantee``): it cannot be used any more and must be replaced.
    case fatal(code: KafkaErrorCode, reason: String)

    /// The librdkafka error code behind this error, if any.
    public var code: KafkaErrorCode? {
        switch self {
        case .queueFull: return .queueFull
        case .rdkafka(_, let code, _): return code
        case .brokersUnreachable(_, _, let code): return code
        case .timedOut: return .timedOut
        case .fatal(let code, _): return code
        default: return nil
        }
    }

    /// A human-readable message naming the operation and librdkafka's error.
    public var description: String {
        switch self {
        case .invalidConfiguration(let property, .unknownProperty):
            return "Kafka configuration property '\(property)' is not known to librdkafka "
                + "\(librdkafkaVersionString); check its spelling against CONFIGURATION.md"
        case .invalidConfiguration(let property, .invalidValue):
            return "Kafka configuration property '\(property)' has an invalid value "
                + "(value not shown); check the allowed values in librdkafka's CONFIGURATION.md"
        case .invalidConfiguration(let property, .missingRequiredProperty):
            return "Kafka configuration property '\(property)' is required but not set"
        case .clientCreationFailed(let reason):
            return "Failed to create the Kafka client: \(reason)"
        case .queueFull(let topic):
            return "Local producer queue is full while producing to '\(topic)' "
                + "(_QUEUE_FULL); retry after delivery reports drain the queue, or raise "
                + "queue.buffering.max.messages / queue.buffering.max.kbytes"
        case .rdkafka(let operation, let code, let detail):
            let suffix = detail.map { ": \($0)" } ?? ""
            return "Kafka \(operation) failed with \(code.name) (\(code.explanation))\(suffix)"
        case .brokersUnreachable(let operation, let timeout, let code):
            return "Kafka \(operation): no broker answered within \(timeout) ms "
                + "(\(code.name): \(code.explanation)); check bootstrap.servers, "
                + "network reachability and security settings"
        case .timedOut(let operation, let timeout):
            return "Kafka \(operation) did not complete within \(timeout) ms"
        case .closed(let operation):
            return "Kafka \(operation) is not possible: the client has been closed"
        case .cancelled(let operation):
            return "Kafka \(operation) was cancelled"
        case .missingTopics(let topics):
            return "Kafka topics do not exist: \(topics.joined(separator: ", ")); "
                + "create them or fix the topic names in the configuration"
        case .fatal(let code, let reason):
            return "Kafka client raised a fatal error \(code.name) (\(code.explanation)): \(reason); "
                + "the client cannot be used any more: close it and create a new one"
        }
    }
}
