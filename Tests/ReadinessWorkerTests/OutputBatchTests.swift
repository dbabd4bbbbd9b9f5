import KafkaClient
import ReadinessContract
import Testing
@testable import ReadinessWorker

@Suite struct OutputBatchTests {
    @Test func outputsReadBackTheirKeyValueAndHeadersInOrder() {
        let batch = OutputBatchFixtures.batch(topic: "requests", partition: 7, offsets: [41, 42])
        #expect(batch.count == 2)
        #expect(batch.source(of: 1) == TopicPartition(topic: "requests", partition: 7))
        let second: [String] = batch.withOutput(1) { key, value, headers in
            [key?.text ?? "<none>", value.text] + headers.map { "\($0.name.text)=\($0.value?.text ?? "<null>")" }
        }
        #expect(second == ["tenant-42", "value-42", "x-source-topic=requests", "x-source-partition=7",
                           "x-source-offset=42"])
    }

    @Test func sourcesAreSharedAcrossOutputsOfOnePartition() {
        let batch = OutputBatch(expectedRecords: 4)
        let first = batch.sourceIndex(topic: "requests", partition: 0)
        let other = batch.sourceIndex(topic: "requests", partition: 1)
        #expect(batch.sourceIndex(topic: "requests", partition: 0) == first)
        #expect(batch.sourceIndex(topic: "requests", partition: 1) == other)
        #expect(first != other)
        #expect(batch.sources.count == 2)
    }

    @Test func nullHeaderValuesStayNull() {
        let batch = OutputBatch(expectedRecords: 1)
        let source = batch.sourceIndex(topic: "t", partition: 0)
        let value = batch.append { $0.append("{}") }
        batch.appendHeader(.traceparent, value: nil)
        batch.appendRecord(kind: .rejection(.malformedJSON), source: source, sourceOffset: 0, key: nil, value: value,
                           headerStart: 0)
        let seen: (Bool, Bool, String) = batch.withOutput(0) { key, _, headers in
            (key == nil, headers[0].value == nil, headers[0].name.text)
        }
        #expect(seen == (true, true, "traceparent"))
    }

    @Test(arguments: [Int64.min, -1, 0, 7, 10, 999, Int64.max])
    func decimalTextMatchesSwiftsDescription(_ value: Int64) {
        let buffer = ByteBuffer()
        writeDecimal(value, into: buffer)
        #expect(buffer.withBytes { String(decoding: $0, as: UTF8.self) } == String(value))
    }
}
