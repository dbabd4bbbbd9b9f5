internal import CKafkaShim
internal import CRDKafka
import Logging
import Synchronization

/// An in-process mock Kafka cluster (librdkafka's `rdkafka_mock`), for tests.
///
/// Limits of the librdkafka 2.0.2 mock to design tests around: the first
/// consumer-group join takes about 3 s; a rebalance waits up to
/// `session.timeout.ms` − 1 s for members to rejoin (use
/// `session.timeout.ms≈6000`); each partition keeps at most about 5 MiB /
/// 100k messages; there is no group initial-rebalance-delay setting, no
/// transactions timeout control and no authentication.
///
/// Control calls are quick in-process round-trips to the mock thread; they
/// still run on the cluster's own control thread so that no librdkafka call
/// blocks Swift's cooperative pool.
public final class EmbeddedKafkaCluster: Sendable {
    /// Kafka protocol API keys for the error-injection calls.
    public enum APIKey {
        /// Produce.
        public static let produce: Int16 = 0
        /// Fetch.
        public static let fetch: Int16 = 1
        /// ListOffsets.
        public static let listOffsets: Int16 = 2
        /// Metadata.
        public static let metadata: Int16 = 3
        /// OffsetCommit.
        public static let offsetCommit: Int16 = 8
        /// OffsetFetch.
        public static let offsetFetch: Int16 = 9
        /// FindCoordinator.
        public static let findCoordinator: Int16 = 10
        /// JoinGroup.
        public static let joinGroup: Int16 = 11
        /// Heartbeat.
        public static let heartbeat: Int16 = 12
        /// LeaveGroup.
        public static let leaveGroup: Int16 = 13
        /// SyncGroup.
        public static let syncGroup: Int16 = 14
        /// InitProducerId.
        public static let initProducerId: Int16 = 22
    }

    /// An `rd_kafka_mock_cluster_t *`; the mock API is thread-safe.
    private struct ClusterHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// `host:port,...` of the mock brokers, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// Number of brokers; their ids are `1...brokerCount`.
    public let brokerCount: Int

    private let owner: RDKafkaClient
    private let cluster: ClusterHandle
    private let worker = BlockingWorker(name: "kafka-mock-ctl")
    private let destroyed = Mutex(false)

    /// Starts a mock cluster with `brokers` brokers listening on loopback; with `port`, one broker
    /// listening (and advertised) at `127.0.0.1:port` (`brokers` must then be 1).
    public init(brokers: Int = 3, port: UInt16? = nil,
                logger: Logger = Logger(label: "kafka.embedded-cluster")) throws(KafkaError) {
        precondition(port == nil || brokers == 1, "a mock cluster at a chosen port has one broker")
        let owner = try RDKafkaClient(
            // The owner never connects anywhere; log_level 4 hides its
            // "no bootstrap.servers" notice but keeps mock warnings.
            kind: .producer,
            configuration: KafkaConfiguration(["client.id": "embedded-cluster-owner", "log_level": "4"]),
            context: RDKafkaCallbackContext(logger: logger))
        let created = port.map { ckafka_mock_cluster_new_at_port(owner.handle, $0) }
            ?? rd_kafka_mock_cluster_new(owner.handle, Int32(brokers))
        guard let cluster = created else {
            throw .clientCreationFailed(reason: port.map { "cannot start a mock broker at 127.0.0.1:\($0) (port in use?)" }
                                        ?? "rd_kafka_mock_cluster_new failed to start \(brokers) mock brokers")
        }
        self.owner = owner
        self.cluster = ClusterHandle(pointer: cluster)
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        // Fallback only: prefer `close()`, which does this on the control thread.
        destroyCluster()
        worker.stop()
    }

    /// Creates `name` with `partitions` partitions.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) async throws(KafkaError) {
        try await control("create topic \(name)") { cluster in
            rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        }
    }

    /// Disconnects broker `id` and refuses new connections (no leader change).
    public func setBrokerDown(_ id: Int32) async throws(KafkaError) {
        try await control("set broker \(id) down") { rd_kafka_mock_broker_set_down($0, id) }
    }

    /// Lets broker `id` accept connections again.
    public func setBrokerUp(_ id: Int32) async throws(KafkaError) {
        try await control("set broker \(id) up") { rd_kafka_mock_broker_set_up($0, id) }
    }

    /// Delays every response of broker `id` by `milliseconds`.
    public func setBrokerRTT(_ id: Int32, milliseconds: Int) async throws(KafkaError) {
        try await control("set broker \(id) RTT") { rd_kafka_mock_broker_set_rtt($0, id, Int32(milliseconds)) }
    }

    /// Makes broker `broker` the leader of `topic[partition]`.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) async throws(KafkaError) {
        try await control("set leader of \(topic)[\(partition)]") {
            rd_kafka_mock_partition_set_leader($0, topic, partition, broker)
        }
    }

    /// Makes broker `broker` the coordinator for `key` of `keyType`
    /// (`"group"` or `"transaction"`).
    public func setCoordinator(keyType: String, key: String, broker: Int32) async throws(KafkaError) {
        try await control("set \(keyType) coordinator") { rd_kafka_mock_coordinator_set($0, keyType, key, broker) }
    }

    /// Makes the next `errors.count` requests with `apiKey` (on any broker)
    /// fail with these errors, in order.
    public func pushRequestErrors(apiKey: Int16, errors: [KafkaErrorCode]) async throws(KafkaError) {
        try await control("push request errors") { cluster in
            let raw = errors.map(\.rdKafkaValue)
            raw.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(cluster, apiKey, $0.count, $0.baseAddress) }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Makes the next requests with `apiKey` on broker `broker` answer with
    /// these errors (`.noError` to succeed) after the given delays, in order.
    public func pushBrokerRequestErrorRTTs(
        broker: Int32, apiKey: Int16, errors: [(error: KafkaErrorCode, rttMilliseconds: Int)]
    ) async throws(KafkaError) {
        let codes = errors.map(\.error.rawValue)
        let rtts = errors.map { Int32(clamping: $0.rttMilliseconds) }
        try await control("push broker \(broker) request errors") { cluster in
            rd_kafka_resp_err_t(
                rawValue: ckafka_mock_broker_push_request_error_rtts(cluster, broker, apiKey, codes.count, codes, rtts))
        }
    }

    /// Removes pending injected errors for `apiKey`.
    public func clearRequestErrors(apiKey: Int16) async throws(KafkaError) {
        try await control("clear request errors") { cluster in
            rd_kafka_mock_clear_request_errors(cluster, apiKey)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Makes requests for `topic` fail with `error` (`.noError` to stop).
    public func setTopicError(_ topic: String, error: KafkaErrorCode) async throws(KafkaError) {
        try await control("set topic error") { cluster in
            rd_kafka_mock_topic_set_error(cluster, topic, error.rdKafkaValue)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Stops the brokers and frees the cluster. Idempotent.
    public func close() async {
        _ = try? await worker.run("close embedded cluster") { [self] () throws(KafkaError) in
            destroyCluster()
        }
        worker.stop()
    }

    private func destroyCluster() {
        let first = destroyed.withLock { destroyed in
            defer { destroyed = true }
            return !destroyed
        }
        guard first else { return }
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        owner.destroy()
    }

    private func control(
        _ operation: String, _ call: @escaping @Sendable (OpaquePointer) -> rd_kafka_resp_err_t
    ) async throws(KafkaError) {
        try await worker.run(operation) { [self] () throws(KafkaError) in
            guard !destroyed.withLock({ $0 }) else { throw .closed(operation: operation) }
            let err = call(cluster.pointer)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw .rdkafka(operation: "mock cluster: \(operation)", code: KafkaErrorCode(err), detail: nil)
            }
        }
    }
}
