import KafkaClient
import ReadinessContract
import ReadinessRegistry

/// Turns consumed messages into outputs: validate → evaluate → encode (SPEC §1–§4).
///
/// Holds per-thread scratch state (validator, response cache), so each
/// instance is used by one task at a time; the pipeline gives every
/// processing lane its own. `@unchecked Sendable` because it moves between
/// tasks with its lane but is never used by two at once.
public final class RequestProcessor: @unchecked Sendable {
    private var validator: RequestValidator
    private let responder: ReadinessResponder
    /// Outcomes counted since the last ``takeTally()``.
    private var tally = ProcessingTally()
    /// The responder's cache hits already reported in a tally.
    private var reportedCacheHits = 0
    private var reportedCacheRests = 0

    /// Creates a processor rejecting values longer than `maximumMessageBytes` and
    /// keeping up to `cachedResponses` answers for repeated questions.
    public init(maximumMessageBytes: Int, cachedResponses: Int = 20_000) {
        validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
        responder = ReadinessResponder(capacity: cachedResponses)
    }

    /// Appends the output for `message`, evaluated against `evaluator` at `now`, to `batch`.
    public func process(_ message: KafkaMessageView, evaluator: ReadinessEvaluator, now: Timestamp,
                        into batch: OutputBatch) {
        let source = batch.sourceIndex(topic: message.topic, partition: message.partition)
        let headerStart = batch.headerCount
        let valueStart = batch.arena.count
        let kind: OutputKind
        let key: OutputBatch.Span?
        // The value is the encoded document alone: take its span before the key and header texts follow it.
        let value: OutputBatch.Span
        switch validator.validate(message.value) {
        case .accepted(let request):
            let status = responder.respond(to: request, evaluator: evaluator, now: now, into: batch.writer)
            value = batch.span(from: valueStart)
            tally.countResponse(status)
            kind = .response(status)
            batch.appendHeader(.correlationID) { $0.append(request.correlationID) }
            key = batch.append { $0.append(request.tenantID) }
        case .rejected(let rejection):
            let sourceInfo = RejectionSource.kafka(topic: message.topic, partition: message.partition,
                                                   offset: message.offset, timestampMilliseconds: message.timestampMilliseconds)
            RejectionEncoder.encode(rejection, payload: message.value, source: sourceInfo, rejectedAt: now, into: batch.writer)
            value = batch.span(from: valueStart)
            kind = .rejection(rejection.reason)
            tally.countRejection(rejection.reason)
            if let correlationID = rejection.correlationID {
                batch.appendHeader(.correlationID) { $0.append(correlationID) }
            }
            // Key: the echoed tenant id, else the input key, else none (SPEC §1).
            if let tenantID = rejection.tenantID {
                key = batch.append { $0.append(tenantID) }
            } else if let inputKey = message.key {
                key = batch.append { $0.append(inputKey.assumingMemoryBound(to: UInt8.self)) }
            } else {
                key = nil
            }
        }
        let texts = batch.sources[source]
        batch.appendHeader(.sourceTopic, value: texts.topicText)
        batch.appendHeader(.sourcePartition, value: texts.partitionText)
        batch.appendHeader(.sourceOffset) { writeDecimal(message.offset, into: $0) }
        if case .rejection(let reason) = kind {
            batch.appendHeader(.rejectionReason) { $0.append(reason.wireName) }
        }
        // W3C trace context is copied unchanged, every occurrence, in input order.
        message.headers.forEachRaw { name, value in
            let traceHeader: OutputBatch.HeaderName? =
                exactlyEqual(name, "traceparent") ? .traceparent : exactlyEqual(name, "tracestate") ? .tracestate : nil
            guard let traceHeader else { return }
            if let value {
                batch.appendHeader(traceHeader) { $0.append(value.assumingMemoryBound(to: UInt8.self)) }
            } else {
                batch.appendHeader(traceHeader, value: nil)
            }
        }
        batch.appendRecord(kind: kind, source: source, sourceOffset: message.offset, key: key, value: value,
                           headerStart: headerStart)
    }

    /// The outcome counts since the last call (then starts counting afresh).
    public func takeTally() -> ProcessingTally {
        defer { tally = ProcessingTally() }
        // Read once per batch from the responder's running count, so the hot path counts nothing extra.
        tally.cachedResponses = responder.hits - reportedCacheHits
        tally.cacheRests = responder.rests - reportedCacheRests
        reportedCacheHits = responder.hits
        reportedCacheRests = responder.rests
        return tally
    }

}
