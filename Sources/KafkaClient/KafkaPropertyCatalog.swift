/// What is known about librdkafka property names, for printing and logging
/// configurations safely.
///
/// Printing works by allowlist: only the properties in ``harmless`` are ever
/// shown in clear; every other name (the sensitive ones, paths to key
/// material, URLs that may carry credentials, misspellings and properties
/// this list does not know) is redacted. Logging works by value: the values
/// of the ``sensitive`` properties (and of any property whose name looks like
/// a secret) are removed from every log line (``KafkaSecretScrubber``).
public enum KafkaPropertyCatalog {
    /// Properties librdkafka 2.x marks sensitive (`_RK_SENSITIVE` in `rdkafka_conf.c`) and the
    /// ones that embed credentials or commands in their value.
    public static let sensitive: Set<String> = [
        "sasl.password", "sasl.oauthbearer.config", "sasl.oauthbearer.client.secret",
        "sasl.kerberos.kinit.cmd", "sasl.kerberos.keytab",
        "ssl.key.password", "ssl.key.pem", "ssl_key", "ssl.key.location",
        "ssl.keystore.password", "ssl.keystore.location",
        "ssl.certificate.pem", "ssl_certificate", "ssl.engine.id", "ssl_engine_callback_data",
        "sasl.oauthbearer.token.endpoint.url", "sasl.oauthbearer.extensions",
    ]

    /// Name fragments that make any property's value count as a secret in logs.
    public static let secretNameFragments = ["password", "secret", "token", "credential", "pem", "cmd", "key"]

    /// Properties whose values are shown in clear by ``KafkaConfiguration/redacted()``: tuning
    /// knobs, identities and protocol choices that carry no credential.
    public static let harmless: Set<String> = [
        // Connection and identity.
        "bootstrap.servers", "metadata.broker.list", "client.id", "client.rack", "client.dns.lookup",
        "security.protocol", "sasl.mechanism", "sasl.mechanisms", "sasl.username",
        "sasl.kerberos.service.name", "sasl.kerberos.principal", "sasl.kerberos.min.time.before.relogin",
        "sasl.oauthbearer.method", "sasl.oauthbearer.scope", "enable.sasl.oauthbearer.unsecure.jwt",
        "ssl.ca.location", "ssl.ca.certificate.stores", "ssl.crl.location", "ssl.certificate.location",
        "ssl.cipher.suites", "ssl.curves.list", "ssl.sigalgs.list", "ssl.endpoint.identification.algorithm",
        "enable.ssl.certificate.verification", "ssl.providers",
        "broker.address.family", "broker.address.ttl", "broker.version.fallback",
        "api.version.request", "api.version.request.timeout.ms", "api.version.fallback.ms",
        "socket.timeout.ms", "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "socket.keepalive.enable",
        "socket.nagle.disable", "socket.max.fails", "socket.connection.setup.timeout.ms",
        "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
        "retry.backoff.ms", "retry.backoff.max.ms",
        // Metadata, logging, statistics.
        "topic.metadata.refresh.interval.ms", "metadata.max.age.ms", "topic.metadata.refresh.fast.interval.ms",
        "topic.metadata.refresh.sparse", "topic.metadata.propagation.max.ms", "allow.auto.create.topics",
        "statistics.interval.ms", "debug", "log_level", "log.queue", "log.thread.name", "log.connection.close",
        "enable.random.seed", "internal.termination.signal",
        "message.max.bytes", "message.copy.max.bytes", "receive.message.max.bytes",
        "max.in.flight.requests.per.connection", "max.in.flight",
        // Consumer.
        "group.id", "group.instance.id", "partition.assignment.strategy", "session.timeout.ms",
        "heartbeat.interval.ms", "group.protocol.type", "group.protocol", "coordinator.query.interval.ms",
        "max.poll.interval.ms", "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.wait.max.ms", "fetch.queue.backoff.ms",
        "fetch.message.max.bytes", "max.partition.fetch.bytes", "fetch.max.bytes", "fetch.min.bytes",
        "fetch.error.backoff.ms", "isolation.level", "enable.partition.eof", "check.crcs",
        "auto.offset.reset", "consume.callback.max.messages",
        // Producer.
        "transactional.id", "transaction.timeout.ms", "enable.idempotence", "enable.gapless.guarantee",
        "queue.buffering.max.messages", "queue.buffering.max.kbytes", "queue.buffering.max.ms", "linger.ms",
        "message.send.max.retries", "retries", "queue.buffering.backpressure.threshold", "compression.codec",
        "compression.type", "compression.level", "batch.num.messages", "batch.size", "delivery.report.only.error",
        "sticky.partitioning.linger.ms", "request.required.acks", "acks", "request.timeout.ms",
        "message.timeout.ms", "delivery.timeout.ms", "partitioner",
    ]

    /// Whether `name`'s value may be printed (exact, case-sensitive match against ``harmless``).
    public static func isShownInClear(_ name: String) -> Bool {
        harmless.contains(name)
    }

    /// Whether `name`'s value is a secret that no log line may contain.
    public static func isSecret(_ name: String) -> Bool {
        guard !harmless.contains(name) else { return false }
        if sensitive.contains(name) { return true }
        let lowered = name.lowercased()
        return secretNameFragments.contains { lowered.contains($0) }
    }
}
