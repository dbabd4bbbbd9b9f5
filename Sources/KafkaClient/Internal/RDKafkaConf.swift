internal import CRDKafka

/// Owns an `rd_kafka_conf_t` until it is handed to `rd_kafka_new`.
///
/// Not thread-safe: built and consumed by one thread during client creation.
final class RDKafkaConf {
    private var handle: OpaquePointer?

    init() {
        handle = rd_kafka_conf_new()
    }

    deinit {
        if let handle { rd_kafka_conf_destroy(handle) }
    }

    /// The handle, for installing callbacks. Valid until ``takeOwnership()``.
    var pointer: OpaquePointer {
        guard let handle else { preconditionFailure("rd_kafka_conf_t already handed to rd_kafka_new") }
        return handle
    }

    /// Sets one property. Errors name the property, never the value.
    func set(_ name: String, _ value: String) throws(KafkaError) {
        var errstr = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, name, value, &errstr, errstr.count)
        switch result {
        case RD_KAFKA_CONF_OK:
            return
        case RD_KAFKA_CONF_UNKNOWN:
            throw .invalidConfiguration(property: name, problem: .unknownProperty)
        default:
            // librdkafka's errstr quotes the value; it is deliberately dropped.
            throw .invalidConfiguration(property: name, problem: .invalidValue)
        }
    }

    /// Applies every property, in name order so failures are deterministic.
    func apply(_ configuration: KafkaConfiguration) throws(KafkaError) {
        for (name, value) in configuration.properties.sorted(by: { $0.key < $1.key }) {
            try set(name, value)
        }
    }

    /// Gives up ownership (call right before a successful `rd_kafka_new`).
    func takeOwnership() -> OpaquePointer {
        let taken = pointer
        handle = nil
        return taken
    }

    /// Takes ownership back after a failed `rd_kafka_new` (which leaves the
    /// conf with the caller).
    func restoreOwnership(_ conf: OpaquePointer) {
        precondition(handle == nil)
        handle = conf
    }
}
