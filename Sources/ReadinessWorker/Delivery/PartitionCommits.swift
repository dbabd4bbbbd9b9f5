import KafkaClient

/// Commit tracking for every input partition: each one's ``PartitionProgress`` (what may be
/// committed, contract §6) and the answered positions remembered for partitions that were
/// forgotten without a confirmed commit.
///
/// Partitions are kept in first-seen order in a short list (a linear search beats hashing topic
/// names at the handful of partitions one member owns). Not thread-safe: the ledger holds it under
/// its lock.
struct PartitionCommits {
    private var partitions: [TopicPartition] = []
    private var progress: [PartitionProgress] = []
    /// Answered positions of partitions forgotten without a confirmed commit, with the log they
    /// were answered in (see ``startCandidates(_:)``).
    private var remembered: [TopicPartition: KafkaStartCandidate] = [:]

    /// The index of `partition`'s progress, added when the partition is new.
    mutating func index(of partition: TopicPartition) -> Int {
        if let index = partitions.firstIndex(of: partition) { return index }
        partitions.append(partition)
        progress.append(PartitionProgress())
        return partitions.count - 1
    }

    /// Registers input `offset` with the partition at `index` (from ``index(of:)``).
    mutating func register(_ offset: Int64, at index: Int) {
        progress[index].register(offset)
    }

    /// Acknowledges `offset` of `partition`; returns `true` when its commit position advanced.
    /// A partition no longer tracked (forgotten) is ignored.
    mutating func acknowledge(_ offset: Int64, of partition: TopicPartition) -> Bool {
        guard let index = partitions.firstIndex(of: partition) else { return false }
        return progress[index].acknowledge(offset)
    }

    /// Registered offsets of `partition` not yet acknowledged.
    func pendingCount(_ partition: TopicPartition) -> Int {
        partitions.firstIndex(of: partition).map { progress[$0].pendingCount } ?? 0
    }

    /// Whether some partition's commit position advanced since last taken.
    var hasNewProgress: Bool { progress.contains(where: \.hasNewProgress) }

    /// See ``DeliveryLedger/takeCommittable(_:includingTaken:)``.
    mutating func takeCommittable(_ wanted: Set<TopicPartition>?, includingTaken: Bool) -> [TopicPartitionOffset] {
        var offsets: [TopicPartitionOffset] = []
        for (index, partition) in partitions.enumerated() where wanted?.contains(partition) ?? true {
            let current = progress[index]
            guard current.hasNewProgress || includingTaken, let position = current.committablePosition else { continue }
            progress[index].committedPosition = position
            offsets.append(TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: position))
        }
        return offsets
    }

    /// See ``DeliveryLedger/answeredPositions(_:)``.
    func answeredPositions(_ wanted: Set<TopicPartition>) -> [TopicPartition: Int64] {
        var positions: [TopicPartition: Int64] = [:]
        for (index, partition) in partitions.enumerated() where wanted.contains(partition) {
            let current = progress[index]
            guard current.pendingCount == 0, let position = current.committablePosition else { continue }
            positions[partition] = position
        }
        return positions
    }

    /// Puts positions back as not committed (after a failed commit).
    mutating func commitFailed(_ offsets: [TopicPartitionOffset]) {
        for offset in offsets {
            if let index = partitions.firstIndex(of: offset.topicPartition), progress[index].committedPosition == offset.offset {
                progress[index].committedPosition = nil
            }
        }
    }

    /// Stops tracking `forgotten`; with `rememberingAnswered`, keeps each one's answered position
    /// with its log's origin for ``startCandidates(_:)``.
    mutating func forget(
        _ forgotten: Set<TopicPartition>, rememberingAnswered: Bool, origins: [TopicPartition: KafkaLogOrigin]
    ) {
        for partition in forgotten {
            guard let index = partitions.firstIndex(of: partition) else { continue }
            if rememberingAnswered, let position = progress[index].committablePosition {
                remembered[partition] = KafkaStartCandidate(
                    position: TopicPartitionOffset(topic: partition.topic, partition: partition.partition, offset: position),
                    origin: origins[partition] ?? KafkaLogOrigin(clusterID: nil, low: nil, high: nil))
            }
            partitions.remove(at: index)
            progress.remove(at: index)
        }
    }

    /// Takes the remembered positions of `wanted` (each is offered once).
    mutating func startCandidates(_ wanted: [TopicPartition]) -> [KafkaStartCandidate] {
        guard !remembered.isEmpty else { return [] }
        return wanted.compactMap { remembered.removeValue(forKey: $0) }
    }

    /// Starts tracking partitions the consumer starts at `positions`, as answered progress; a
    /// partition already tracked keeps its progress.
    mutating func resume(at positions: [TopicPartitionOffset]) {
        for position in positions where !partitions.contains(position.topicPartition) {
            partitions.append(position.topicPartition)
            progress.append(PartitionProgress(resumingAt: position.offset))
        }
    }
}
