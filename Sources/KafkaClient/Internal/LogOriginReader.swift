internal import CRDKafka

/// Reads where a partition's positions come from (``KafkaLogOrigin``): the cluster id and the
/// partition's watermarks. Called on the consumer's poll thread.
enum LogOriginReader {
    /// The origins of `partitions` from librdkafka's caches, without network I/O: the cluster id of
    /// the last metadata response and the watermarks of the last fetch response. Taken when
    /// partitions are revoked or lost (the cluster may already be gone). A partition whose
    /// `assignedUnder` cluster id (the one known when it was assigned) is missing or differs from the
    /// cached one gets no cluster id: its positions may come from either cluster.
    static func cached(
        _ partitions: [TopicPartition], assignedUnder: [TopicPartition: String], rk: OpaquePointer
    ) -> [TopicPartition: KafkaLogOrigin] {
        let cachedID = cachedClusterID(rk)
        var origins: [TopicPartition: KafkaLogOrigin] = [:]
        for partition in partitions {
            let clusterID = assignedUnder[partition] == cachedID ? cachedID : nil
            var low: Int64 = -1
            var high: Int64 = -1
            let err = rd_kafka_get_watermark_offsets(rk, partition.topic, partition.partition, &low, &high)
            let known = err == RD_KAFKA_RESP_ERR_NO_ERROR
            origins[partition] = KafkaLogOrigin(clusterID: clusterID, low: known ? low : nil, high: known ? high : nil)
        }
        return origins
    }

    /// The cluster id after a metadata round-trip (so that a cluster replaced at the same address is
    /// seen), or the cached one when the round-trip fails; `nil` when none is known. Blocking.
    static func currentClusterID(_ rk: OpaquePointer, timeoutMilliseconds: Int32) -> String? {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        if rd_kafka_metadata(rk, 0, nil, &metadata, timeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata {
            rd_kafka_metadata_destroy(metadata)
        }
        return cachedClusterID(rk)
    }

    /// The cluster id of the last metadata response (`nil`: none yet). Non-blocking.
    static func cachedClusterID(_ rk: OpaquePointer) -> String? {
        clusterID(rk, timeoutMilliseconds: 0)
    }

    /// `partition`'s origin now: `clusterID` and watermarks asked from its leader (unknown when the
    /// query fails within the timeout). Blocking.
    static func queried(
        _ partition: TopicPartition, clusterID: String?, rk: OpaquePointer, timeoutMilliseconds: Int32
    ) -> KafkaLogOrigin {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(rk, partition.topic, partition.partition, &low, &high, timeoutMilliseconds)
        let known = err == RD_KAFKA_RESP_ERR_NO_ERROR
        return KafkaLogOrigin(clusterID: clusterID, low: known ? low : nil, high: known ? high : nil)
    }

    private static func clusterID(_ rk: OpaquePointer, timeoutMilliseconds: Int32) -> String? {
        guard let raw = rd_kafka_clusterid(rk, timeoutMilliseconds) else { return nil }
        defer { rd_kafka_mem_free(rk, raw) }
        return String(cString: raw)
    }
}
