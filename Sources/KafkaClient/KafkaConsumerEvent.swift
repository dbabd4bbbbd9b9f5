/// What a ``KafkaConsumer`` delivers, in order, through ``KafkaConsumer/events``.
public enum KafkaConsumerEvent: Sendable {
    /// Messages (and error events) from one poll cycle.
    case messages(KafkaMessageBatch)
    /// Partitions were added to this consumer's assignment. Messages of these
    /// partitions follow this event.
    case partitionsAssigned([TopicPartition])
    /// Partitions are being revoked or were lost: stop intake, drain, commit,
    /// then call ``KafkaRevocation/complete()``. No message of these
    /// partitions is delivered after this event (until they are assigned again).
    case partitionsRevoked(KafkaRevocation)
}
