internal import CRDKafka

extension RDKafkaClient {
    /// The client's effective value of property `name` (as configured, else librdkafka's
    /// default), or `nil` when librdkafka does not know it. Does not block.
    func effectiveProperty(_ name: String) -> String? {
        guard let conf = rd_kafka_conf(handle) else { return nil }
        var size = 0
        guard rd_kafka_conf_get(conf, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(conf, name, &buffer, &size) == RD_KAFKA_CONF_OK else { return nil }
        return buffer.decodedCString
    }
}
