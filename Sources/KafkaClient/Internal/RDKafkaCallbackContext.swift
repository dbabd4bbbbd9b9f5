internal import CRDKafka
import Logging

/// The object behind librdkafka's `opaque` pointer: routes librdkafka's C
/// callbacks (log, error, statistics, rebalance, offset commit, delivery
/// report) to Swift closures.
///
/// It must outlive the `rd_kafka_t` it is installed on; ``RDKafkaClient``
/// keeps it alive until after `rd_kafka_destroy`.
///
/// Threads: `log_cb` runs on whichever thread logs (librdkafka's internal
/// threads or the caller of a librdkafka function); error, statistics,
/// rebalance, offset-commit and delivery callbacks are served by polling, so
/// they run on the owning object's poll thread.
final class RDKafkaCallbackContext: Sendable {
    typealias RebalanceHandler = @Sendable (
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) -> Void
    typealias DeliveryHandler = @Sendable (_ message: UnsafePointer<rd_kafka_message_t>) -> Void

    let logger: Logger
    /// Removes the configured secret values from librdkafka's log lines and error strings, which can
    /// echo a property value.
    let secrets: KafkaSecretScrubber
    let statistics: (@Sendable (String) -> Void)?
    let errors: (@Sendable (KafkaError) -> Void)?
    let rebalance: RebalanceHandler?
    let delivery: DeliveryHandler?

    init(
        logger: Logger,
        secrets: KafkaSecretScrubber = .none,
        statistics: (@Sendable (String) -> Void)? = nil,
        errors: (@Sendable (KafkaError) -> Void)? = nil,
        rebalance: RebalanceHandler? = nil,
        delivery: DeliveryHandler? = nil
    ) {
        self.logger = logger
        self.secrets = secrets
        self.statistics = statistics
        self.errors = errors
        self.rebalance = rebalance
        self.delivery = delivery
    }

    /// Installs the C callbacks and this object as the conf's opaque.
    func install(on conf: RDKafkaConf) {
        let pointer = conf.pointer
        rd_kafka_conf_set_opaque(pointer, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(pointer) { rk, level, facility, message in
            RDKafkaCallbackContext.from(rk)?.log(level: level, facility: facility, message: message)
        }
        rd_kafka_conf_set_error_cb(pointer) { rk, err, reason, opaque in
            RDKafkaCallbackContext.from(opaque)?.error(rk: rk, code: err, reason: reason)
        }
        if statistics != nil {
            rd_kafka_conf_set_stats_cb(pointer) { _, json, length, opaque in
                if let context = RDKafkaCallbackContext.from(opaque), let json {
                    let text = String(
                        decoding: UnsafeRawBufferPointer(start: json, count: length), as: UTF8.self)
                    context.statistics?(text)
                }
                return 0  // librdkafka frees the JSON buffer
            }
        }
        if rebalance != nil {
            rd_kafka_conf_set_rebalance_cb(pointer) { rk, err, partitions, opaque in
                guard let rk, let partitions, let context = RDKafkaCallbackContext.from(opaque) else { return }
                context.rebalance?(rk, err, partitions)
            }
            rd_kafka_conf_set_offset_commit_cb(pointer) { _, err, offsets, opaque in
                RDKafkaCallbackContext.from(opaque)?.offsetCommitted(err: err, offsets: offsets)
            }
        }
        if delivery != nil {
            rd_kafka_conf_set_dr_msg_cb(pointer) { _, message, opaque in
                guard let message, let context = RDKafkaCallbackContext.from(opaque) else { return }
                context.delivery?(message)
            }
        }
    }

    private static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    private static func from(_ rk: OpaquePointer?) -> RDKafkaCallbackContext? {
        guard let rk else { return nil }
        return from(rd_kafka_opaque(rk))
    }

    private func log(level: Int32, facility: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?) {
        var swiftLevel = Self.logLevel(syslogLevel: level)
        guard logger.logLevel <= swiftLevel, let message else { return }
        let facilityName = facility.map { String(cString: $0) } ?? "-"
        // Debug "CONF" lines dump property values; never forward them.
        if swiftLevel == .debug && facilityName == "CONF" { return }
        let text = secrets.scrub(String(cString: message))
        // Every producer warns that the gap-less guarantee is experimental; KafkaProducer sets it
        // deliberately (see its documentation), so the warning is not repeated at warning level.
        if facilityName == "CONFWARN" && text.contains("enable.gapless.guarantee is experimental") {
            swiftLevel = .debug
            guard logger.logLevel <= swiftLevel else { return }
        }
        logger.log(level: swiftLevel, "\(text)", metadata: ["kafka.facility": "\(facilityName)"])
    }

    private func error(rk: OpaquePointer?, code: Int32, reason: UnsafePointer<CChar>?) {
        var errorCode = KafkaErrorCode(rawValue: code)
        var detail = reason.map { secrets.scrub(String(cString: $0)) } ?? ""
        var fatal = false
        if errorCode.rdKafkaValue == RD_KAFKA_RESP_ERR__FATAL, let rk {
            var buffer = [CChar](repeating: 0, count: 512)
            errorCode = KafkaErrorCode(rd_kafka_fatal_error(rk, &buffer, buffer.count))
            detail = secrets.scrub(buffer.decodedCString)
            fatal = true
        }
        let transient =
            errorCode == .transport || errorCode == .allBrokersDown
            || errorCode.rdKafkaValue == RD_KAFKA_RESP_ERR__RESOLVE
        logger.log(
            level: fatal ? .critical : (transient ? .warning : .error),
            "librdkafka reported \(errorCode.name): \(detail)",
            metadata: ["kafka.error": "\(errorCode.name)", "kafka.fatal": "\(fatal)"])
        errors?(fatal ? .fatal(code: errorCode, reason: detail) : .rdkafka(operation: "client", code: errorCode, detail: detail))
    }

    private func offsetCommitted(
        err: rd_kafka_resp_err_t, offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        let code = KafkaErrorCode(err)
        let partitions = offsets.map { RDKafkaPartitionList.offsets(in: $0).map(\.description) } ?? []
        logger.warning(
            "Kafka offset commit failed with \(code.name) (\(code.explanation))",
            metadata: ["kafka.partitions": "\(partitions.joined(separator: ","))"])
    }

    static func logLevel(syslogLevel level: Int32) -> Logger.Level {
        switch level {
        case ...2: return .critical
        case 3: return .error
        case 4: return .warning
        case 5: return .notice
        case 6: return .info
        default: return .debug
        }
    }
}
