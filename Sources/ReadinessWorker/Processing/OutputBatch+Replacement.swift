import KafkaClient
import ReadinessContract

extension OutputBatch {
    /// A one-output batch holding the `output_too_large` rejection that replaces response `index`
    /// after Kafka refused it with `refusal`, an error no retry cures for that message (contract
    /// §9.3); `nil` when the output keeps no ``ResponseFallback`` (it is not a large response).
    ///
    /// The rejection answers the same input (partition, offset) with the usual echoes, the
    /// response's trace-context headers and the tenant id as its key; it is a few hundred bytes.
    func replacement(for index: Int, refusal: KafkaErrorCode, limitBytes: Int, now: Timestamp) -> OutputBatch? {
        guard let fallback = fallbacks[index] else { return nil }
        let record = records[index]
        let partition = sources[record.source].partition
        let rejection = Rejection.outputTooLarge(
            outputBytes: fallback.outputBytes, limitBytes: limitBytes, refusal: refusal.name,
            correlationID: fallback.correlationID, tenantID: fallback.tenantID, operation: RequestProcessor.operation)
        let batch = OutputBatch(expectedRecords: 1)
        let source = batch.sourceIndex(topic: partition.topic, partition: partition.partition)
        let headerStart = batch.headerCount
        let valueStart = batch.arena.count
        RejectionEncoder.encode(
            rejection, payload: fallback.payload,
            source: .kafka(topic: partition.topic, partition: partition.partition, offset: record.sourceOffset,
                           timestampMilliseconds: fallback.timestampMilliseconds),
            rejectedAt: now, into: batch.writer)
        let value = batch.span(from: valueStart)
        batch.appendHeader(.correlationID) { $0.append(fallback.correlationID) }
        let key = batch.append { $0.append(fallback.tenantID) }
        let texts = batch.sources[source]
        batch.appendHeader(.sourceTopic, value: texts.topicText)
        batch.appendHeader(.sourcePartition, value: texts.partitionText)
        batch.appendHeader(.sourceOffset) { writeDecimal(record.sourceOffset, into: $0) }
        batch.appendHeader(.rejectionReason) { $0.append(RejectionReason.outputTooLarge.wireName) }
        // The trace-context headers the response carried (already filtered by contract §9.2).
        arena.withBytes { bytes in
            for header in headers[record.headers] where header.name == .traceparent || header.name == .tracestate {
                guard let span = header.value else { continue }
                let copied = UnsafeBufferPointer(rebasing: bytes[span.start..<span.start + span.count])
                batch.appendHeader(header.name) { $0.append(copied) }
            }
        }
        batch.appendRecord(kind: .rejection(.outputTooLarge), source: source, sourceOffset: record.sourceOffset,
                           key: key, value: value, headerStart: headerStart)
        return batch
    }
}
