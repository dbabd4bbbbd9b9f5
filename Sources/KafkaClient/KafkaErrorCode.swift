internal import CRDKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`): either a Kafka protocol
/// error (positive values) or a librdkafka-internal error (negative values,
/// names starting with an underscore).
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The raw `rd_kafka_resp_err_t` value.
    public let rawValue: Int32

    /// Wraps a raw `rd_kafka_resp_err_t` value.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    init(_ err: rd_kafka_resp_err_t) {
        self.rawValue = err.rawValue
    }

    var rdKafkaValue: rd_kafka_resp_err_t {
        rd_kafka_resp_err_t(rawValue: rawValue)
    }

    /// librdkafka's symbolic name, e.g. `_QUEUE_FULL` or `NOT_LEADER_FOR_PARTITION`.
    public var name: String {
        String(cString: rd_kafka_err2name(rdKafkaValue))
    }

    /// librdkafka's human-readable explanation of the code.
    public var explanation: String {
        String(cString: rd_kafka_err2str(rdKafkaValue))
    }

    /// `NAME (explanation)`.
    public var description: String {
        "\(name) (\(explanation))"
    }

    /// No error.
    public static let noError = KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR)
    /// The local producer queue is full (`queue.buffering.max.messages` / `.kbytes`).
    public static let queueFull = KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    /// A local operation timed out.
    public static let timedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__TIMED_OUT)
    /// A message was not delivered within `message.timeout.ms`.
    public static let messageTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    /// Broker transport failure (connection refused, closed, ...).
    public static let transport = KafkaErrorCode(RD_KAFKA_RESP_ERR__TRANSPORT)
    /// All brokers are down.
    public static let allBrokersDown = KafkaErrorCode(RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
    /// The message was purged from the local queue before it was sent.
    public static let purgedFromQueue = KafkaErrorCode(RD_KAFKA_RESP_ERR__PURGE_QUEUE)
    /// The message was purged while in flight; its fate is unknown.
    public static let purgedInFlight = KafkaErrorCode(RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
    /// The topic is not known to the cluster.
    public static let unknownTopicOrPartition = KafkaErrorCode(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
    /// The broker is not the leader for the partition.
    public static let notLeaderForPartition = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION)
    /// The leader is not available (election in progress).
    public static let leaderNotAvailable = KafkaErrorCode(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE)
    /// Not enough in-sync replicas to satisfy `acks=all`.
    public static let notEnoughReplicas = KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS)
    /// The group coordinator is not available.
    public static let coordinatorNotAvailable = KafkaErrorCode(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE)
    /// The broker asked the client to retry the request.
    public static let requestTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
    /// A group rebalance is in progress.
    public static let rebalanceInProgress = KafkaErrorCode(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS)
    /// The consumer group generation is stale (partitions were reassigned).
    public static let illegalGeneration = KafkaErrorCode(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION)
    /// The group coordinator does not know this member (its session ended); it must rejoin.
    public static let unknownMemberID = KafkaErrorCode(RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
    /// The message is larger than the broker or client allows.
    public static let messageSizeTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
    /// The broker refused a record of the batch (e.g. a record without a key on a compacted topic).
    public static let invalidRecord = KafkaErrorCode(RD_KAFKA_RESP_ERR_INVALID_RECORD)
    /// The record batch is larger than the broker's segment size.
    public static let recordListTooLarge = KafkaErrorCode(RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE)

    /// `true` for the produce errors no retry cures for the message concerned
    /// (`MSG_SIZE_TOO_LARGE`, `INVALID_RECORD`, `RECORD_LIST_TOO_LARGE`): producing the same
    /// bytes again fails the same way, whereas errors like a broker down, a missing topic or a
    /// refused authorization concern every message and may pass.
    public var refusesTheMessageItself: Bool {
        self == .messageSizeTooLarge || self == .invalidRecord || self == .recordListTooLarge
    }
    /// The client raised a fatal error and cannot be used any more (`_FATAL`); the
    /// underlying error is ``KafkaProducer/fatalError``.
    public static let fatal = KafkaErrorCode(RD_KAFKA_RESP_ERR__FATAL)
    /// A permanently failed delivery would have left a gap in a partition's message
    /// series (`_GAPLESS_GUARANTEE`, with `enable.gapless.guarantee=true`): raised as a fatal error.
    public static let gaplessGuarantee = KafkaErrorCode(RD_KAFKA_RESP_ERR__GAPLESS_GUARANTEE)
}
