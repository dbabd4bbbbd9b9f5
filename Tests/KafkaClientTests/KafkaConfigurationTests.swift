import KafkaClient
import Testing

@Suite("KafkaConfiguration")
struct KafkaConfigurationTests {
    @Test("secret values are redacted, other values kept")
    func redaction() {
        var configuration = KafkaConfiguration(bootstrapServers: "broker:9092")
        configuration["sasl.password"] = "hunter2"
        configuration["ssl.key.password"] = "pem-pass"
        configuration["sasl.oauthbearer.client.secret"] = "oauth-secret"
        configuration["SSL.KEY.PEM"] = "-----BEGIN PRIVATE KEY-----"
        configuration["sasl.oauthbearer.token.endpoint.url"] = "https://idp/token"
        configuration["sasl.username"] = "svc-readiness"

        let redacted = configuration.redacted()
        #expect(redacted["sasl.password"] == "[REDACTED]")
        #expect(redacted["ssl.key.password"] == "[REDACTED]")
        #expect(redacted["sasl.oauthbearer.client.secret"] == "[REDACTED]")
        #expect(redacted["SSL.KEY.PEM"] == "[REDACTED]")
        #expect(redacted["sasl.oauthbearer.token.endpoint.url"] == "[REDACTED]")
        #expect(redacted["sasl.username"] == "svc-readiness")
        #expect(redacted["bootstrap.servers"] == "broker:9092")

        for text in [configuration.redactedDescription, configuration.description, "\(configuration)"] {
            for secret in ["hunter2", "pem-pass", "oauth-secret", "BEGIN PRIVATE", "https://idp/token"] {
                #expect(!text.contains(secret), "'\(secret)' leaked into \(text)")
            }
            #expect(text.contains("sasl.username=svc-readiness"))
        }
        // The raw values stay available to librdkafka.
        #expect(configuration["sasl.password"] == "hunter2")
    }

    @Test("only properties known to be harmless are printed; every sensitive or unknown one is redacted")
    func redactionIsAnAllowlist() {
        let configuration = KafkaConfiguration([
            "sasl.oauthbearer.config": "principal=canary-1", "sasl.kerberos.kinit.cmd": "kinit -k canary-2",
            "ssl.keystore.password": "canary-3", "ssl.key.location": "/etc/canary-4.key",
            "sasl.kerberos.keytab": "/etc/canary-5.keytab", "my.custom.plugin.setting": "canary-6",
            "Bootstrap.Servers": "canary-7", "ssl.certificate.pem": "canary-8",
            "linger.ms": "5", "client.id": "readinessd-1", "security.protocol": "SASL_SSL", "acks": "all",
        ])
        let redacted = configuration.redacted()
        for name in ["sasl.oauthbearer.config", "sasl.kerberos.kinit.cmd", "ssl.keystore.password", "ssl.key.location",
                     "sasl.kerberos.keytab", "my.custom.plugin.setting", "Bootstrap.Servers", "ssl.certificate.pem"] {
            #expect(redacted[name] == KafkaConfiguration.redactedPlaceholder, "\(name)")
        }
        #expect(redacted["linger.ms"] == "5")
        #expect(redacted["client.id"] == "readinessd-1")
        #expect(redacted["security.protocol"] == "SASL_SSL")
        #expect(redacted["acks"] == "all")
        for canary in (1...8).map({ "canary-\($0)" }) {
            #expect(!configuration.description.contains(canary))
        }
    }

    @Test("an unknown property is reported by name")
    func unknownProperty() throws {
        let configuration = KafkaConfiguration(["bootstrap.servers": "127.0.0.1:1", "no.such.property": "x"])
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: TestSupport.logger) { _ in }
        }
        #expect(error == .invalidConfiguration(property: "no.such.property", problem: .unknownProperty))
        #expect(error?.description.contains("no.such.property") == true)
    }

    @Test("an invalid value is reported by property name, never by value")
    func invalidValueNotLeaked() throws {
        let configuration = KafkaConfiguration([
            "bootstrap.servers": "127.0.0.1:1", "group.id": "g",
            "security.protocol": "sup3r-s3cret-value",
        ])
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: configuration, logger: TestSupport.logger)
        }
        #expect(error == .invalidConfiguration(property: "security.protocol", problem: .invalidValue))
        #expect(error?.description.contains("security.protocol") == true)
        #expect(error?.description.contains("sup3r-s3cret-value") == false)
    }

    @Test("a consumer requires group.id")
    func consumerRequiresGroup() {
        #expect(throws: KafkaError.invalidConfiguration(property: "group.id", problem: .missingRequiredProperty)) {
            _ = try KafkaConsumer(
                configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), logger: TestSupport.logger)
        }
    }
}
