import KafkaClient

extension DaemonConfiguration {
    /// Removes the values of the configured secret librdkafka properties (all three sections,
    /// environment overrides included) from log lines and error strings.
    var secretScrubber: KafkaSecretScrubber {
        KafkaSecretScrubber(KafkaConfiguration(properties))
            .merging(KafkaSecretScrubber(KafkaConfiguration(consumerProperties)))
            .merging(KafkaSecretScrubber(KafkaConfiguration(producerProperties)))
    }
}
