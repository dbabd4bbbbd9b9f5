import KafkaClient

/// The end offsets (high watermarks) of the output topics' partitions at one instant.
struct OutputEnds {
    /// Next offset to be written, by output topic and partition.
    let ends: [TopicPartition: Int64]

    /// Snapshots the end offsets of `topics` (each with `partitions` partitions), asked through `consumer`.
    static func snapshot(_ consumer: KafkaConsumer, topics: [String], partitions: Int) async throws -> OutputEnds {
        let all = topics.flatMap { topic in (0..<partitions).map { TopicPartition(topic: topic, partition: Int32($0)) } }
        let marks = try await consumer.watermarks(all)
        return OutputEnds(ends: Dictionary(uniqueKeysWithValues: marks.map { ($0.partition, $0.high) }))
    }

    /// Whether `output` was written at or after this snapshot.
    func isAtOrAfter(_ output: OutputMessage) -> Bool {
        output.offset >= (ends[TopicPartition(topic: output.topic, partition: output.partition)] ?? 0)
    }
}

extension OutputEnds {
    /// Whether `outputs` include everything written before this snapshot (per output partition, an
    /// output at or past the offset just below its end).
    func isCovered(by outputs: [OutputMessage]) -> Bool {
        var read: [TopicPartition: Int64] = [:]
        for output in outputs {
            let partition = TopicPartition(topic: output.topic, partition: output.partition)
            read[partition] = max(read[partition] ?? -1, output.offset)
        }
        return ends.allSatisfy { partition, end in end == 0 || (read[partition] ?? -1) >= end - 1 }
    }
}
