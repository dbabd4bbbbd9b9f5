/// The bounded, ordered stream of a ``KafkaConsumer``'s events.
///
/// Iterate it from exactly one task. It ends when the consumer is closed;
/// `next()` also returns `nil` when the iterating task is cancelled.
/// Back-pressure: when the application falls ``KafkaConsumerOptions/maxBufferedBatches``
/// batches behind, the consumer stops fetching until the application catches up.
public struct KafkaConsumerEvents: AsyncSequence, Sendable {
    /// Elements are consumer events.
    public typealias Element = KafkaConsumerEvent
    /// The stream never throws.
    public typealias Failure = Never

    let buffer: ConsumerEventBuffer

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Iterator over ``KafkaConsumerEvents``.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let buffer: ConsumerEventBuffer

        /// The next event, or `nil` once the consumer is closed.
        public mutating func next() async -> KafkaConsumerEvent? {
            await buffer.next()
        }
    }
}
