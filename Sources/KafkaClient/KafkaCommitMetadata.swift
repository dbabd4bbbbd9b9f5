/// The metadata string this consumer commits with every offset: the id of the cluster whose log the
/// offset belongs to (`cluster.id=<id>`).
///
/// A commit can reach another cluster than the one its positions come from: librdkafka keeps a
/// commit made while the coordinator is unreachable and sends it to the next coordinator it finds,
/// also one of a cluster replaced at the same address, where an unknown group's commit is stored.
/// When partitions are assigned, a committed offset labelled with another cluster id is not used
/// (see ``KafkaStartPositions``): the partition starts by `auto.offset.reset`.
public enum KafkaCommitMetadata {
    static let prefix = "cluster.id="

    /// The metadata for an offset of `clusterID`'s log (`nil`: none known, nothing is written).
    public static func encode(clusterID: String?) -> String? {
        clusterID.map { prefix + $0 }
    }

    /// The cluster id a committed offset's metadata names (`nil`: none, e.g. committed by another client).
    public static func clusterID(in metadata: String?) -> String? {
        guard let metadata, metadata.hasPrefix(prefix) else { return nil }
        let id = metadata.dropFirst(prefix.count)
        return id.isEmpty ? nil : String(id)
    }
}
