internal import CRDKafka

/// The linked librdkafka version, e.g. `2.0.2`.
let librdkafkaVersionString: String = String(cString: rd_kafka_version_str())
