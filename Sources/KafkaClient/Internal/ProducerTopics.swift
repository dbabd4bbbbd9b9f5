internal import CRDKafka
import Synchronization

/// A producer's topic handles (`rd_kafka_topic_t`), one per topic name, created on first use and
/// destroyed on the poll thread just before the client.
///
/// Why: a produce call that names its topic makes librdkafka look the name up under the client's
/// write lock, and take and drop a reference, on every message — a lock the processing threads'
/// produce calls and librdkafka's broker threads all contend for. A produce call with a kept
/// handle skips the lookup. Handles are asked for only by admitted bursts
/// (``KafkaProducer/withBurst(_:)``), and ``destroyAll()`` runs only after the last burst ended
/// and no new one can begin.
final class ProducerTopics: Sendable {
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let handles = Mutex<[String: Handle]>([:])

    /// `name`'s handle on `rk`, created on first use; `nil` if librdkafka refuses to create one
    /// (the caller then produces by name, which reports the problem).
    func handle(_ name: String, on rk: OpaquePointer) -> OpaquePointer? {
        let handle: Handle? = handles.withLock { handles in
            if let known = handles[name] { return known }
            guard let created = rd_kafka_topic_new(rk, name, nil) else { return nil }
            handles[name] = Handle(pointer: created)
            return Handle(pointer: created)
        }
        return handle?.pointer
    }

    /// Destroys every handle (before `rd_kafka_destroy`).
    func destroyAll() {
        let all = handles.withLock { handles in
            defer { handles = [:] }
            return Array(handles.values)
        }
        for handle in all { rd_kafka_topic_destroy(handle.pointer) }
    }
}

/// The topic handles one burst has used, so a burst asks ``ProducerTopics`` (and takes its lock)
/// once per topic instead of once per message. Not thread-safe: it lives inside one burst.
final class BurstTopicLookup {
    private let topics: ProducerTopics
    private let rk: OpaquePointer
    private var first: (name: String, handle: OpaquePointer?)?
    private var second: (name: String, handle: OpaquePointer?)?

    init(topics: ProducerTopics, rk: OpaquePointer) {
        self.topics = topics
        self.rk = rk
    }

    /// `name`'s handle (see ``ProducerTopics/handle(_:on:)``). The two most recent topics are
    /// remembered; comparing a topic name kept in one `String` with itself costs one word compare.
    func handle(_ name: String) -> OpaquePointer? {
        if let first, first.name == name { return first.handle }
        if let second, second.name == name { return second.handle }
        let handle = topics.handle(name, on: rk)
        second = first
        first = (name, handle)
        return handle
    }
}
