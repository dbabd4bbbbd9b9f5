extension KafkaConfiguration {
    /// Checks every property name and value the way client creation does, without creating a
    /// client (no thread, no connection): a configuration can be refused before anything starts.
    ///
    /// - Throws: ``KafkaError/invalidConfiguration(property:problem:)`` naming the first refused property.
    public func validate() throws(KafkaError) {
        try RDKafkaConf().apply(self)
    }
}
