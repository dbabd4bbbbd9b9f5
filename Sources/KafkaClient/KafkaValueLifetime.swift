/// How long librdkafka reads a produced message's value from the caller's bytes.
///
/// Why lend: copying an output of about 1 KB into librdkafka's message costs a copy and makes
/// the message itself a large allocation, which the delivery-report thread then frees across
/// threads (perf put most of that thread's time in `free`). A caller that keeps its outputs until
/// they are delivered anyway — to produce them again after a failure — can lend the value instead.
public enum KafkaValueLifetime: Sendable, Equatable {
    /// The value is copied during the produce call; the caller's bytes need to be valid during
    /// the call only. The default.
    case call
    /// The value is not copied: librdkafka reads the caller's bytes in place until it has handed
    /// the message's ``KafkaDeliveryReport`` to the producer's delivery-report handler (whatever
    /// the result, also when the producer purges the message while closing). The caller keeps
    /// the bytes valid and unchanged until then; if the producer is closed before reporting, until
    /// ``KafkaProducer/close()`` returns. The key and the headers are always copied.
    case untilDeliveryReport
}
