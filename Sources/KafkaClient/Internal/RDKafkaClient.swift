internal import CRDKafka
import Synchronization

/// Owns one `rd_kafka_t` (producer or consumer) and the callback context
/// behind its opaque pointer.
///
/// librdkafka handles are thread-safe, hence `@unchecked Sendable`. The
/// handle is destroyed by an explicit ``destroy()`` (a blocking call that the
/// owner makes on its own dedicated thread) or, as a fallback, in `deinit`.
/// Owners must not use ``handle`` after ``destroy()``; they guard that with
/// their own lifecycle state.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer

        var rdKafkaType: rd_kafka_type_t {
            self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        }
    }

    /// The `rd_kafka_t *`.
    let handle: OpaquePointer
    /// Kept alive for as long as librdkafka may call back into it.
    let context: RDKafkaCallbackContext
    private let destroyed = Mutex(false)

    /// Creates the client. Configuration errors name the property, never its value; librdkafka's
    /// reason for refusing to create it is scrubbed of the context's secrets.
    init(
        kind: Kind, configuration: KafkaConfiguration, context: RDKafkaCallbackContext
    ) throws(KafkaError) {
        let conf = RDKafkaConf()
        try conf.apply(configuration)
        context.install(on: conf)
        var errstr = [CChar](repeating: 0, count: 512)
        let confPointer = conf.takeOwnership()
        guard let handle = rd_kafka_new(kind.rdKafkaType, confPointer, &errstr, errstr.count) else {
            conf.restoreOwnership(confPointer)
            throw .clientCreationFailed(reason: context.secrets.scrub(errstr.decodedCString))
        }
        self.handle = handle
        self.context = context
    }

    deinit {
        destroy()
    }

    /// The client's name (`client.id` plus an instance suffix), for logs.
    var name: String {
        String(cString: rd_kafka_name(handle))
    }

    /// Leaves the handle undestroyed for the rest of the process, together with this client and its
    /// callback context (librdkafka's threads keep running and may still call back): for a handle
    /// whose destruction would abort the process (``ConsumerStateMachine/HandleDisposal``).
    /// Idempotent; ``destroy()`` does nothing afterwards.
    func abandon() {
        let first = destroyed.withLock { destroyed in
            defer { destroyed = true }
            return !destroyed
        }
        if first { _ = Unmanaged.passRetained(self) }
    }

    /// Destroys the handle (blocking: joins librdkafka's threads). Idempotent.
    func destroy() {
        let alreadyDestroyed = destroyed.withLock { destroyed in
            defer { destroyed = true }
            return destroyed
        }
        if !alreadyDestroyed {
            rd_kafka_destroy(handle)
        }
    }

    /// Cluster metadata for all topics. Blocking: call on a dedicated thread.
    func topicMetadata(timeoutMilliseconds: Int32) throws(KafkaError) -> [KafkaTopicMetadata] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            let code = KafkaErrorCode(err)
            if code == .timedOut || code == .transport || code == .allBrokersDown {
                throw .brokersUnreachable(
                    operation: "metadata request", timeoutMilliseconds: Int64(timeoutMilliseconds), code: code)
            }
            throw .rdkafka(operation: "metadata request", code: code, detail: nil)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        return topics.map { topic in
            KafkaTopicMetadata(
                name: String(cString: topic.topic),
                partitionCount: Int(topic.partition_cnt),
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaErrorCode(topic.err))
        }
    }
}
