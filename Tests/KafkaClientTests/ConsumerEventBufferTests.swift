import Testing

@testable import KafkaClient

@Suite("Consumer event buffer")
struct ConsumerEventBufferTests {
    /// Under a steady backlog the poll thread refills the buffer before it ever runs empty. A
    /// batch the application has taken and finished must be released then, not when the buffer
    /// next runs empty: its messages pin librdkafka's fetch buffers, so a buffer that kept
    /// delivered batches held a whole 1,000,000-message backlog in memory (1.3 GiB).
    @Test("a delivered batch is released as soon as the application drops it, while later batches wait")
    func deliveredBatchesAreReleased() async {
        let tracker = BatchLifetimeTracker()
        let buffer = ConsumerEventBuffer(capacity: 4, wakeup: PollWakeup())
        buffer.push(.messages(KafkaMessageBatch(taking: [], tracker: tracker)))
        buffer.push(.messages(KafkaMessageBatch(taking: [], tracker: tracker)))
        for _ in 0..<100 {
            buffer.push(.messages(KafkaMessageBatch(taking: [], tracker: tracker)))
            let event = await buffer.next()
            guard case .messages = event else {
                Issue.record("expected a message batch, got \(String(describing: event))")
                return
            }
        }
        #expect(tracker.liveCount == 2)
        #expect(buffer.batchCount == 2)
        buffer.finish()
        #expect(tracker.liveCount == 0)
    }
}
