import Testing
@testable import readinessd

/// librdkafka property values (and every other configuration value) are taken as the YAML scalar's
/// text: Yams' default resolver would hand librdkafka `83` for `0123`, `true` for `on`, `1000.0` for
/// `1e3` and a date object for `2026-01-01`.
@Suite("configuration scalars")
struct ConfigurationScalarTests {
    static func source(_ yaml: String, environment: [String: String] = [:]) throws -> ConfigurationSource {
        try ConfigurationSource(yaml: yaml, baseDirectory: "/etc/readinessd", environment: environment,
                                knownKeys: DaemonConfiguration.knownKeys)
    }

    @Test("librdkafka values reach librdkafka exactly as written, in every property section")
    func propertyValuesAreTheScalarText() throws {
        let written = ["client.id": "0123", "enable.idempotence": "on", "linger.ms": "1e3",
                       "client.rack": "2026-01-01", "socket.keepalive.enable": "yes", "retries": "0x10",
                       "sasl.username": "~user", "quoted": "'on'"]
        for section in ConfigurationSource.propertySections {
            let source = try Self.source("""
                kafka:
                  \(section):
                    client.id: 0123
                    enable.idempotence: on
                    linger.ms: 1e3
                    client.rack: 2026-01-01
                    socket.keepalive.enable: yes
                    retries: 0x10
                    sasl.username: ~user
                    quoted: "'on'"
                    unset: ~
                """)
            #expect(source.propertyMaps[section] == written, "\(section)")
        }
    }

    @Test("ordinary keys keep their text too, and a leading zero or a hex number is not a silent conversion")
    func ordinaryValuesAreTheScalarText() throws {
        let source = try Self.source("""
            kafka:
              group_id: 0123
              topics:
                requests: on
            registry:
              snapshot: 2026-01-01.json
            processing:
              lanes: 0x4
            """)
        #expect(source.string("kafka.group_id") == "0123")
        #expect(source.string("kafka.topics.requests") == "on")
        #expect(source.string("registry.snapshot") == "2026-01-01.json")
        #expect(throws: ConfigurationError.self) { try source.integer("processing.lanes", default: 2, range: 1...64) }
    }

    @Test("a list where a value belongs is refused naming the key")
    func aListIsRefused() throws {
        #expect {
            try Self.source("kafka:\n  properties:\n    bootstrap.servers: [a, b]\n")
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("kafka.properties.bootstrap.servers must be a single value") == true
        }
    }
}
