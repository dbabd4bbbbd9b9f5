import KafkaClient
import ReadinessContract
import ReadinessRegistry

/// Turns consumed messages into outputs: validate → evaluate → encode (contract §1–§4, §9).
///
/// Holds per-thread scratch state (validator, response cache), so each
/// instance is used by one task at a time; the pipeline gives every
/// processing lane its own. `@unchecked Sendable` because it moves between
/// tasks with its lane but is never used by two at once.
public final class RequestProcessor: @unchecked Sendable {
    private var validator: RequestValidator
    private let responder: ReadinessResponder
    /// The producer's effective `message.max.bytes`: an output whose size bound exceeds it is
    /// replaced by an `output_too_large` rejection (contract §9.3).
    let maximumOutputBytes: Int
    /// Outcomes counted since the last ``takeTally()``.
    private var tally = ProcessingTally()
    /// The responder's cache hits already reported in a tally.
    private var reportedCacheHits = 0
    private var reportedCacheRests = 0

    /// The operation a response answers (echoed by an `output_too_large` rejection that replaces it).
    static let operation = "policy_registry_readiness"

    /// Creates a processor rejecting values longer than `maximumMessageBytes`, replacing outputs
    /// larger than `maximumOutputBytes` (the producer's `message.max.bytes`; librdkafka's default
    /// is 1,000,000) and keeping up to `cachedResponses` answers for repeated questions.
    public init(maximumMessageBytes: Int, maximumOutputBytes: Int = 1_000_000, cachedResponses: Int = 20_000) {
        validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
        responder = ReadinessResponder(capacity: cachedResponses)
        self.maximumOutputBytes = maximumOutputBytes
    }

    /// Appends the output for `message`, evaluated against `evaluator` at `now`, to `batch`.
    public func process(_ message: KafkaMessageView, evaluator: ReadinessEvaluator, now: Timestamp,
                        into batch: OutputBatch) {
        let source = batch.sourceIndex(topic: message.topic, partition: message.partition)
        let headerStart = batch.headerCount
        let valueStart = batch.arena.count
        switch validator.validate(message.value) {
        case .accepted(let request):
            let status = responder.respond(to: request, evaluator: evaluator, now: now, into: batch.writer)
            // The value is the encoded document alone: take its span before the key and header texts follow it.
            let value = batch.span(from: valueStart)
            batch.appendHeader(.correlationID) { $0.append(request.correlationID) }
            let key = batch.append { $0.append(request.tenantID) }
            let shared = appendEnvelope(of: message, source: source, reason: nil, withTraceHeaders: true, into: batch)
            // One comparison per output (contract §9.3).
            let size = outputSize(batch, sharedBytes: shared, valueStart: valueStart, headerStart: headerStart)
            if size <= maximumOutputBytes {
                if size >= ResponseFallback.minimumOutputBytes {
                    batch.setFallbackForNextRecord(ResponseFallback(
                        payload: PayloadDigest(message.value), timestampMilliseconds: message.timestampMilliseconds,
                        correlationID: request.correlationID, tenantID: request.tenantID, outputBytes: size))
                }
                tally.countResponse(status)
                batch.appendRecord(kind: .response(status), source: source, sourceOffset: message.offset, key: key,
                                   value: value, headerStart: headerStart)
                return
            }
            batch.rollBack(arenaCount: valueStart, headerCount: headerStart)
            appendRejection(
                .outputTooLarge(outputBytes: size, limitBytes: maximumOutputBytes, correlationID: request.correlationID,
                                tenantID: request.tenantID, operation: Self.operation),
                of: message, source: source, now: now, into: batch)
        case .rejected(let rejection):
            appendRejection(rejection, of: message, source: source, now: now, into: batch)
        }
    }

    /// Appends the rejection `rejection` of `message`; when it does not fit the limit (only trace
    /// headers make a rejection large), an `output_too_large` rejection, and when even that does
    /// not fit (thousands of empty `tracestate` headers), the same without trace headers.
    private func appendRejection(_ rejection: Rejection, of message: KafkaMessageView, source: Int, now: Timestamp,
                                 into batch: OutputBatch) {
        let headerStart = batch.headerCount
        let valueStart = batch.arena.count
        var rejection = rejection
        var withTraceHeaders = true
        while true {
            let sourceInfo = RejectionSource.kafka(topic: message.topic, partition: message.partition,
                                                   offset: message.offset, timestampMilliseconds: message.timestampMilliseconds)
            RejectionEncoder.encode(rejection, payload: message.value, source: sourceInfo, rejectedAt: now, into: batch.writer)
            let value = batch.span(from: valueStart)
            if let correlationID = rejection.correlationID {
                batch.appendHeader(.correlationID) { $0.append(correlationID) }
            }
            // Key: the echoed tenant id, else the input key when echoable (contract §9.1), else none.
            let key: OutputBatch.Span?
            if let tenantID = rejection.tenantID {
                key = batch.append { $0.append(tenantID) }
            } else if let inputKey = message.key, DeadLetterKey.isEchoable(inputKey) {
                key = batch.append { $0.append(inputKey.assumingMemoryBound(to: UInt8.self)) }
            } else {
                key = nil
            }
            let shared = appendEnvelope(of: message, source: source, reason: rejection.reason,
                                        withTraceHeaders: withTraceHeaders, into: batch)
            let size = outputSize(batch, sharedBytes: shared, valueStart: valueStart, headerStart: headerStart)
            if size <= maximumOutputBytes || !withTraceHeaders {
                tally.countRejection(rejection.reason)
                batch.appendRecord(kind: .rejection(rejection.reason), source: source, sourceOffset: message.offset,
                                   key: key, value: value, headerStart: headerStart)
                return
            }
            batch.rollBack(arenaCount: valueStart, headerCount: headerStart)
            if rejection.reason == .outputTooLarge {
                withTraceHeaders = false
            } else {
                rejection = .outputTooLarge(outputBytes: size, limitBytes: maximumOutputBytes,
                                            correlationID: rejection.correlationID, tenantID: rejection.tenantID,
                                            operation: rejection.operation)
            }
        }
    }

    /// Appends the headers every output carries: source topic, partition and offset, the rejection
    /// reason, and the trace-context headers that pass contract §9.2. Returns the byte count of the
    /// header values shared with the batch's other outputs (source topic and partition texts).
    private func appendEnvelope(of message: KafkaMessageView, source: Int, reason: RejectionReason?,
                                withTraceHeaders: Bool, into batch: OutputBatch) -> Int {
        let texts = batch.sources[source]
        batch.appendHeader(.sourceTopic, value: texts.topicText)
        batch.appendHeader(.sourcePartition, value: texts.partitionText)
        let shared = texts.topicText.count + texts.partitionText.count
        batch.appendHeader(.sourceOffset) { writeDecimal(message.offset, into: $0) }
        if let reason {
            batch.appendHeader(.rejectionReason) { $0.append(reason.wireName) }
        }
        guard withTraceHeaders else { return shared }
        let headers = message.headers
        TraceContextFilter.copy(from: { headers.forEachRaw($0) }) { header, value in
            batch.appendHeader(header == .traceparent ? .traceparent : .tracestate) {
                $0.append(value.assumingMemoryBound(to: UInt8.self))
            }
        }
        return shared
    }

    /// The size bound (``OutputSize``) of the output being appended since `valueStart` / `headerStart`:
    /// every arena byte since `valueStart` is its own (value, key, header values); `sharedBytes` are
    /// its header values written once for the batch (source topic and partition texts).
    @inline(__always)
    private func outputSize(_ batch: OutputBatch, sharedBytes: Int, valueStart: Int, headerStart: Int) -> Int {
        OutputSize.bound(payloadBytes: batch.arena.count - valueStart + sharedBytes, headerCount: batch.headerCount - headerStart)
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
