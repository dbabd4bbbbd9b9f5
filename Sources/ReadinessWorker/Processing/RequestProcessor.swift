import KafkaClient
import ReadinessContract
import ReadinessRegistry

/// Turns one consumed message into its output record: validate → evaluate → encode.
///
/// Holds per-thread scratch state (parser, response, writer), so each
/// instance is used by one task at a time; the pipeline gives every
/// processing lane its own. `@unchecked Sendable` because it moves between
/// tasks with its lane but is never used by two at once.
public final class RequestProcessor: @unchecked Sendable {
    private var validator: RequestValidator
    private let responder: ReadinessResponder
    private let writer = JSONWriter(capacity: 1 << 14)
    /// Outcomes counted since the last ``takeTally()``.
    private var tally = ProcessingTally()

    /// Creates a processor rejecting values longer than `maximumMessageBytes` and
    /// keeping up to `cachedResponses` answers for repeated questions.
    public init(maximumMessageBytes: Int, cachedResponses: Int = 20_000) {
        validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
        responder = ReadinessResponder(capacity: cachedResponses)
    }

    /// Header values that repeat message after message (topic name, partition number), kept to avoid re-allocating them.
    private var topicHeader: (String, [UInt8])?
    private var partitionHeaders: [Int32: [UInt8]] = [:]

    /// The output for `message`, evaluated against `evaluator` at `now`.
    public func process(_ message: KafkaMessageView, evaluator: ReadinessEvaluator, now: Timestamp) -> OutputRecord {
        writer.reset()
        let source = TopicPartition(topic: message.topic, partition: message.partition)
        let kind: OutputRecord.Kind
        let key: [UInt8]?
        let correlationID: String?
        switch validator.validate(message.value) {
        case .accepted(let request):
            tally.countResponse(responder.respond(to: request, evaluator: evaluator, now: now, into: writer))
            kind = .response
            key = Array(request.tenantID.utf8)
            correlationID = request.correlationID
        case .rejected(let rejection):
            let sourceInfo = RejectionSource.kafka(topic: message.topic, partition: message.partition,
                                                   offset: message.offset, timestampMilliseconds: message.timestampMilliseconds)
            RejectionEncoder.encode(rejection, payload: message.value, source: sourceInfo, rejectedAt: now, into: writer)
            kind = .rejection(reason: rejection.reason.rawValue)
            tally.countRejection(rejection.reason)
            // Key: the echoed tenant id, else the input key, else none (SPEC §1).
            key = rejection.tenantID.map { Array($0.utf8) } ?? message.key.map { Array($0) }
            correlationID = rejection.correlationID
        }
        var headers: [KafkaHeader] = []
        headers.reserveCapacity(6)
        if let correlationID { headers.append(KafkaHeader(name: "x-correlation-id", string: correlationID)) }
        headers.append(KafkaHeader(name: "x-source-topic", value: topicBytes(message.topic)))
        headers.append(KafkaHeader(name: "x-source-partition", value: partitionBytes(message.partition)))
        headers.append(KafkaHeader(name: "x-source-offset", string: String(message.offset)))
        if case .rejection(let reason) = kind {
            headers.append(KafkaHeader(name: "x-rejection-reason", string: reason))
        }
        // W3C trace context is copied unchanged, every occurrence, in input order.
        if message.headers.count > 0 {
            for header in message.headers where header.name == "traceparent" || header.name == "tracestate" {
                headers.append(KafkaHeader(name: header.name, value: header.value.map { Array($0) }))
            }
        }
        return OutputRecord(kind: kind, key: key, value: writer.bytes, headers: headers,
                            source: source, sourceOffset: message.offset)
    }

    /// The outcome counts since the last call (then starts counting afresh).
    public func takeTally() -> ProcessingTally {
        defer { tally = ProcessingTally() }
        return tally
    }

    private func topicBytes(_ topic: String) -> [UInt8] {
        if let cached = topicHeader, cached.0 == topic { return cached.1 }
        let bytes = Array(topic.utf8)
        topicHeader = (topic, bytes)
        return bytes
    }

    private func partitionBytes(_ partition: Int32) -> [UInt8] {
        if let cached = partitionHeaders[partition] { return cached }
        let bytes = Array(String(partition).utf8)
        partitionHeaders[partition] = bytes
        return bytes
    }
}
