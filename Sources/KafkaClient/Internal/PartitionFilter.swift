internal import CRDKafka

/// Matches consumed messages against a small set of partitions without
/// allocating per message: the partition number is compared first and the
/// topic name (`strcmp` on the C string) only when it matches.
struct PartitionFilter: Sendable {
    private var entries: [(topic: String, cTopic: [CChar], partition: Int32)] = []

    init(_ partitions: some Sequence<TopicPartition> = [TopicPartition]()) {
        insert(partitions)
    }

    var isEmpty: Bool { entries.isEmpty }

    mutating func insert(_ partitions: some Sequence<TopicPartition>) {
        for partition in partitions where !contains(partition) {
            entries.append((partition.topic, Array(partition.topic.utf8CString), partition.partition))
        }
    }

    mutating func remove(_ partitions: some Sequence<TopicPartition>) {
        for partition in partitions {
            entries.removeAll { $0.partition == partition.partition && $0.topic == partition.topic }
        }
    }

    func contains(_ partition: TopicPartition) -> Bool {
        entries.contains { $0.partition == partition.partition && $0.topic == partition.topic }
    }

    func matches(_ message: UnsafePointer<rd_kafka_message_t>) -> Bool {
        guard !entries.isEmpty else { return false }
        let partition = message.pointee.partition
        guard let topicHandle = message.pointee.rkt else { return false }
        var name: UnsafePointer<CChar>?
        for entry in entries where entry.partition == partition {
            if name == nil { name = rd_kafka_topic_name(topicHandle) }
            if Self.equal(entry.cTopic, name!) { return true }
        }
        return false
    }

    /// Compares a NUL-terminated `[CChar]` with a C string.
    private static func equal(_ lhs: [CChar], _ rhs: UnsafePointer<CChar>) -> Bool {
        var index = 0
        while true {
            let left = lhs[index]
            if left != rhs[index] { return false }
            if left == 0 { return true }
            index += 1
        }
    }

    func matches(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> Bool {
        matches(UnsafePointer(message))
    }
}
