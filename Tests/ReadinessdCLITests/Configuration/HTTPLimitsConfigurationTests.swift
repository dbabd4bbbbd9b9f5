import Foundation
import Testing
@testable import readinessd

/// The operations listener's limits are configuration keys with defaults, environment overrides
/// and range checks naming the key.
@Suite("http limits configuration")
struct HTTPLimitsConfigurationTests {
    static func load(_ yaml: String = "", environment: [String: String] = [:]) throws -> DaemonConfiguration {
        let path = NSTemporaryDirectory() + "http-limits-\(UUID().uuidString).yaml"
        try ("registry:\n  snapshot: registry.json\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
        return try DaemonConfiguration.load(path: path, environment: environment)
    }

    @Test func defaultsFileAndEnvironment() throws {
        #expect(try Self.load().httpLimits == HTTPLimits(idleTimeoutSeconds: 10, maximumConnections: 256,
                                                         maximumRequestBytes: 16_384))
        let configured = try Self.load("http:\n  idle_timeout_seconds: 3\n  max_connections: 64\n  max_request_bytes: 4096\n",
                                       environment: ["READINESSD_HTTP_MAX_CONNECTIONS": "32"])
        #expect(configured.httpLimits == HTTPLimits(idleTimeoutSeconds: 3, maximumConnections: 32, maximumRequestBytes: 4096))
        let rendered = EffectiveConfiguration(configured).render()
        for line in ["  idle_timeout_seconds: 3", "  max_connections: 32", "  max_request_bytes: 4096"] {
            #expect(rendered.contains(line + "\n"), "\(line)")
        }
    }

    @Test(arguments: [("idle_timeout_seconds", "0"), ("max_connections", "0"), ("max_request_bytes", "100")])
    func outOfRangeValuesNameTheKey(key: String, value: String) throws {
        #expect {
            try Self.load("http:\n  \(key): \(value)\n")
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("http.\(key) must be a whole number") == true
        }
    }
}
