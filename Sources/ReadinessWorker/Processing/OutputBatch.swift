import KafkaClient
import ReadinessContract

/// The outputs of one processing lane's share of a consumed batch, encoded
/// back to back into one byte arena.
///
/// Why an arena: at 100k+ messages/s, building a key array, a value array and
/// a header array (with one array per header value) for every output cost
/// more CPU in `malloc`/`free` than evaluating the request. Here a batch of
/// outputs is a handful of allocations, whatever its size.
///
/// Lifecycle: one ``RequestProcessor`` appends to a batch, then the pipeline
/// hands it to the ``DeliveryLedger``; from then on it is never mutated and
/// may be read from any thread. The ledger keeps it alive until every output
/// in it is acknowledged, so a failed delivery is produced again from the
/// same bytes. The values are lent to librdkafka in place
/// (``KafkaValueLifetime/untilDeliveryReport``), which is safe because the
/// arena's storage never moves or changes once the batch is shared.
/// `@unchecked Sendable` for that reason: mutation happens only before it is
/// shared.
public final class OutputBatch: @unchecked Sendable {
    /// A run of bytes in the arena.
    struct Span {
        var start: Int
        var count: Int
    }

    /// One output message.
    public struct Record: Sendable {
        /// Response or rejection (with its reason).
        public let kind: OutputKind
        /// The input message's offset.
        public let sourceOffset: Int64
        let source: Int
        let key: Span?
        let value: Span
        let headers: Range<Int>
    }

    /// Header names the pipeline writes (contract §1), so names need no storage.
    enum HeaderName: UInt8 {
        case correlationID, sourceTopic, sourcePartition, sourceOffset, rejectionReason, traceparent, tracestate

        var text: StaticString {
            switch self {
            case .correlationID: "x-correlation-id"
            case .sourceTopic: "x-source-topic"
            case .sourcePartition: "x-source-partition"
            case .sourceOffset: "x-source-offset"
            case .rejectionReason: "x-rejection-reason"
            case .traceparent: "traceparent"
            case .tracestate: "tracestate"
            }
        }
    }

    struct Header {
        let name: HeaderName
        /// `nil`: a null header value.
        let value: Span?
    }

    /// An input partition with its header texts, written once per batch.
    struct Source {
        let partition: TopicPartition
        let topicText: Span
        let partitionText: Span
    }

    /// Every byte of every output: values, keys and header values.
    let arena: ByteBuffer
    /// Encodes output values straight into ``arena``.
    let writer: JSONWriter
    /// The outputs, in input order.
    public private(set) var records: [Record] = []
    private(set) var headers: [Header] = []
    private(set) var sources: [Source] = []
    /// What it takes to replace a large response by an `output_too_large` rejection after Kafka
    /// refused it (contract §9.3), by record index; only responses of at least
    /// ``ResponseFallback/minimumOutputBytes`` have one, so the usual batch never fills it.
    private(set) var fallbacks: [Int: ResponseFallback] = [:]

    /// Creates an empty batch with room for about `expectedRecords` outputs.
    public init(expectedRecords: Int) {
        arena = ByteBuffer(capacity: max(expectedRecords, 1) * 1_280)
        writer = JSONWriter(appendingTo: arena)
        records.reserveCapacity(expectedRecords)
        headers.reserveCapacity(expectedRecords * 4)
    }

    /// Number of outputs.
    public var count: Int { records.count }

    /// The input partition output `index` answers.
    public func source(of index: Int) -> TopicPartition { sources[records[index].source].partition }

    // MARK: Building (before the batch is shared)

    /// The index of `partition` in ``sources``, adding it (and its header texts) on first use.
    func sourceIndex(topic: String, partition: Int32) -> Int {
        if let last = sources.indices.last, sources[last].partition.partition == partition,
           sources[last].partition.topic == topic {
            return last
        }
        if let index = sources.firstIndex(where: { $0.partition.partition == partition && $0.partition.topic == topic }) {
            return index
        }
        let topicText = append { $0.append(topic) }
        let partitionText = append { writeDecimal(Int64(partition), into: $0) }
        sources.append(Source(partition: TopicPartition(topic: topic, partition: partition),
                              topicText: topicText, partitionText: partitionText))
        return sources.count - 1
    }

    /// The bytes appended to the arena since `start`.
    func span(from start: Int) -> Span {
        Span(start: start, count: arena.count - start)
    }

    /// Appends whatever `write` writes to the arena; returns where it landed.
    func append(_ write: (ByteBuffer) -> Void) -> Span {
        let start = arena.count
        write(arena)
        return span(from: start)
    }

    /// Appends a header whose value `write` writes.
    func appendHeader(_ name: HeaderName, _ write: (ByteBuffer) -> Void) {
        headers.append(Header(name: name, value: append(write)))
    }

    /// Appends a header whose value is already in the arena.
    func appendHeader(_ name: HeaderName, value: Span?) {
        headers.append(Header(name: name, value: value))
    }

    /// Index of the next header to be appended (the start of the next record's headers).
    var headerCount: Int { headers.count }

    /// Drops everything appended since the arena held `arenaCount` bytes and the header list
    /// `headerCount` headers (an output that is being replaced before it is finished).
    func rollBack(arenaCount: Int, headerCount: Int) {
        arena.truncate(to: arenaCount)
        headers.removeSubrange(headerCount...)
    }

    /// Keeps `fallback` for the record about to be appended.
    func setFallbackForNextRecord(_ fallback: ResponseFallback) {
        fallbacks[records.count] = fallback
    }

    /// Finishes an output whose value and headers were appended since `headerStart`.
    func appendRecord(kind: OutputKind, source: Int, sourceOffset: Int64, key: Span?, value: Span, headerStart: Int) {
        records.append(Record(kind: kind, sourceOffset: sourceOffset, source: source, key: key, value: value,
                              headers: headerStart..<headers.count))
    }

    // MARK: Reading (after the batch is shared)

    /// Calls `body` with output `index`'s key, value and headers. The buffers
    /// are valid during the call only.
    public func withOutput<Result>(
        _ index: Int,
        _ body: (_ key: UnsafeRawBufferPointer?, _ value: UnsafeRawBufferPointer,
                 _ headers: UnsafeBufferPointer<KafkaBorrowedHeader>) -> Result
    ) -> Result {
        let record = records[index]
        return arena.withBytes { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            func view(_ span: Span) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(start: base + span.start, count: span.count)
            }
            return withUnsafeTemporaryAllocation(of: KafkaBorrowedHeader.self, capacity: record.headers.count) {
                borrowed in
                for (slot, header) in zip(borrowed.indices, headers[record.headers]) {
                    let name = header.name.text
                    (borrowed.baseAddress! + slot).initialize(
                        to: KafkaBorrowedHeader(
                            name: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount),
                            value: header.value.map(view)))
                }
                return body(record.key.map(view), view(record.value), UnsafeBufferPointer(borrowed))
            }
        }
    }
}

/// Writes `value` in decimal ASCII.
func writeDecimal(_ value: Int64, into buffer: ByteBuffer) {
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // room for 20 digits + sign
    withUnsafeMutableBytes(of: &digits) { scratch in
        var magnitude = value.magnitude
        var position = scratch.count
        repeat {
            position -= 1
            scratch[position] = UInt8(truncatingIfNeeded: magnitude % 10) + UInt8(ascii: "0")
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            position -= 1
            scratch[position] = UInt8(ascii: "-")
        }
        buffer.append(scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + position, count: scratch.count - position)
    }
}
