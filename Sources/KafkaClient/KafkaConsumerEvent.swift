/// What a ``KafkaConsumer`` delivers, in order, through ``KafkaConsumer/events``.
public enum KafkaConsumerEvent: Sendable {
    /// Messages (and error events) from one poll cycle.
    case messages(KafkaMessageBatch)
    /// A rebalance assigned these partitions to this consumer (added to its
    /// assignment). Messages of these partitions follow this event. The list
    /// is empty when a rebalance ended without new partitions for this member
    /// (cooperative protocol), which still tells that the rebalance is over.
    case partitionsAssigned([TopicPartition])
    /// Partitions are being revoked or were lost: stop intake, drain, commit,
    /// then call ``KafkaRevocation/complete()``. No message of these
    /// partitions is delivered after this event (until they are assigned again).
    case partitionsRevoked(KafkaRevocation)
}
