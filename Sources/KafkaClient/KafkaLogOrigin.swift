/// Which log a partition position belongs to: the cluster that served it and the partition's
/// watermarks as last seen there.
///
/// Offsets only mean something within one log. A cluster replaced at the same address, or a
/// topic deleted and re-created under the same name, starts a new log whose offsets begin
/// again at 0; a position remembered from the old log would skip the new log's first messages.
/// ``KafkaStartPositions`` compares the origin a position was remembered with against the
/// partition's current one before starting there.
public struct KafkaLogOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The cluster id reported in metadata (`nil`: not known when the origin was taken).
    public var clusterID: String?
    /// The partition's low watermark (oldest stored offset; `nil`: not known).
    public var low: Int64?
    /// The partition's high watermark (next offset to be written; `nil`: not known).
    public var high: Int64?

    /// Creates an origin; negative watermarks (librdkafka's "invalid offset") count as unknown.
    public init(clusterID: String?, low: Int64?, high: Int64?) {
        self.clusterID = clusterID
        self.low = low.flatMap { $0 >= 0 ? $0 : nil }
        self.high = high.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// `cluster X, log 0..15000` (`?` for what is unknown).
    public var description: String {
        "cluster \(clusterID ?? "?"), log \(low.map(String.init) ?? "?")..\(high.map(String.init) ?? "?")"
    }
}
