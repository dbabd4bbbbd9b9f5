internal import CRDKafka
#if canImport(Glibc)
internal import Glibc
#endif

/// Owns an `rd_kafka_topic_partition_list_t` built from Swift values and
/// destroys it in `deinit`; also reads lists owned by librdkafka.
final class RDKafkaPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ partitions: some Collection<TopicPartition>) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))
        for partition in partitions {
            rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
        }
    }

    init(_ offsets: some Collection<TopicPartitionOffset>) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))
        for entry in offsets {
            rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition).pointee.offset =
                entry.offset
        }
    }

    /// A list of `offsets`, each with the metadata string `metadata` gives for its partition (the
    /// list owns a `malloc`ed copy, freed by librdkafka with the list).
    init(_ offsets: some Collection<TopicPartitionOffset>, metadata: (TopicPartition) -> String?) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))
        for entry in offsets {
            guard let element = rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition) else { continue }
            element.pointee.offset = entry.offset
            guard let text = metadata(entry.topicPartition) else { continue }
            let bytes = Array(text.utf8)
            guard !bytes.isEmpty, let copy = malloc(bytes.count) else { continue }
            bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            element.pointee.metadata = copy
            element.pointee.metadata_size = bytes.count
        }
    }

    /// The metadata strings of the entries that have one (e.g. after `rd_kafka_committed`).
    var metadata: [TopicPartition: String] {
        var result: [TopicPartition: String] = [:]
        for element in Self.elements(of: pointer) where element.metadata != nil && element.metadata_size > 0 {
            let bytes = UnsafeRawBufferPointer(start: element.metadata, count: element.metadata_size)
            result[TopicPartition(topic: String(cString: element.topic), partition: element.partition)] =
                String(decoding: bytes, as: UTF8.self)
        }
        return result
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// The first per-partition error in the list, if any.
    var firstError: (TopicPartition, KafkaErrorCode)? {
        Self.firstError(in: pointer)
    }

    /// The entries as partition-offset triples.
    var offsets: [TopicPartitionOffset] {
        Self.offsets(in: pointer)
    }

    static func partitions(
        in list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [TopicPartition] {
        elements(of: list).map { element in
            TopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    static func offsets(
        in list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [TopicPartitionOffset] {
        elements(of: list).map { element in
            TopicPartitionOffset(
                topic: String(cString: element.topic), partition: element.partition,
                offset: element.offset)
        }
    }

    static func firstError(
        in list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> (TopicPartition, KafkaErrorCode)? {
        for element in elements(of: list) where element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let partition = TopicPartition(topic: String(cString: element.topic), partition: element.partition)
            return (partition, KafkaErrorCode(element.err))
        }
        return nil
    }

    private static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> UnsafeBufferPointer<rd_kafka_topic_partition_t> {
        UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt))
    }
}
