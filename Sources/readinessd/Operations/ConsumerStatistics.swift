import Foundation

/// The few fields of librdkafka's statistics JSON (`statistics.interval.ms`)
/// the daemon exports: per assigned partition, the committed offset and the
/// consumer lag. Everything else in the (large) document is ignored.
struct ConsumerStatistics: Sendable, Equatable {
    /// One partition's figures; `nil` where librdkafka does not know the value yet.
    struct Partition: Sendable, Equatable, Hashable {
        var topic: String
        var partition: Int32
        /// The group's committed offset (librdkafka's `committed_offset`), `nil` when none yet.
        var committedOffset: Int64?
        /// Messages between the committed offset and the high watermark (`consumer_lag`), `nil` when unknown.
        var lag: Int64?
    }

    /// Partitions this consumer fetches (fetch state other than `none`), sorted by topic and partition.
    var partitions: [Partition]

    /// A statistics document that could not be read.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses librdkafka's statistics JSON.
    static func parse(_ json: String) throws(ParseError) -> ConsumerStatistics {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        } catch {
            throw ParseError(description: "librdkafka statistics JSON not understood: \(error)")
        }
        var partitions: [Partition] = []
        for (topicName, topic) in document.topics ?? [:] {
            for entry in topic.partitions.values where entry.partition >= 0 {
                guard let state = entry.fetchState, state != "none" else { continue }
                partitions.append(Partition(
                    topic: topicName, partition: entry.partition,
                    committedOffset: entry.committedOffset.flatMap { $0 >= 0 ? $0 : nil },
                    lag: entry.consumerLag.flatMap { $0 >= 0 ? $0 : nil }))
            }
        }
        partitions.sort { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        return ConsumerStatistics(partitions: partitions)
    }

    /// The decoded subset of the document (field names as librdkafka spells them).
    private struct Document: Decodable {
        var topics: [String: Topic]?
    }

    private struct Topic: Decodable {
        var partitions: [String: PartitionEntry]
    }

    private struct PartitionEntry: Decodable {
        var partition: Int32
        var fetchState: String?
        var committedOffset: Int64?
        var consumerLag: Int64?

        enum CodingKeys: String, CodingKey {
            case partition
            case fetchState = "fetch_state"
            case committedOffset = "committed_offset"
            case consumerLag = "consumer_lag"
        }
    }
}
