import KafkaClient
import ReadinessContract
@testable import ReadinessWorker

/// Builds output batches without Kafka: one output per offset, value `value-<offset>`.
enum OutputBatchFixtures {
    static func batch(topic: String = "requests", partition: Int32 = 0, offsets: [Int64],
                      kind: OutputKind = .response(.ready)) -> OutputBatch {
        let batch = OutputBatch(expectedRecords: offsets.count)
        let source = batch.sourceIndex(topic: topic, partition: partition)
        for offset in offsets {
            let headerStart = batch.headerCount
            let value = batch.append { $0.append("value-\(offset)") }
            let key = batch.append { $0.append("tenant-\(offset)") }
            let texts = batch.sources[source]
            batch.appendHeader(.sourceTopic, value: texts.topicText)
            batch.appendHeader(.sourcePartition, value: texts.partitionText)
            batch.appendHeader(.sourceOffset) { writeDecimal(offset, into: $0) }
            batch.appendRecord(kind: kind, source: source, sourceOffset: offset, key: key, value: value,
                               headerStart: headerStart)
        }
        return batch
    }

    static func success(_ token: UInt64) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .success(.init(partition: 0, offset: 0)))
    }

    static func failure(_ token: UInt64) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .failure(.queueFull(topic: "responses")))
    }
}

extension UnsafeRawBufferPointer {
    var text: String { String(decoding: self, as: UTF8.self) }
}
