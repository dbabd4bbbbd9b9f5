import Foundation
import Testing

extension IntegrationTests {
    /// A canary secret set as `kafka.properties.sasl.password` and hidden in 1,000 rejected requests per run
    /// never shows up in the daemon's logs (text and JSON, debug level), in `/metrics`, or in any output topic.
    @Suite struct SecretCanaryTests {
        /// The password canary (any text: librdkafka accepts `sasl.password` on a PLAINTEXT connection and ignores it).
        static let passwordCanary = "canary-sasl-Zq81vXw03mTr"
        /// Canaries shaped like contract §3.2 sensitive values.
        static let stripeCanary = "sk_live_CanaryQ7x9Z2mW4pL8vR3t"
        static let githubCanary = "ghp_CanaryA1b2C3d4E5f6G7h8I9j0"
        /// A canary that is sensitive only because of the key it sits under.
        static let keyedCanary = "canary-plain-c0ffee-4417"

        static var canaries: [String] { [passwordCanary, stripeCanary, githubCanary, keyedCanary] }

        /// Request `index`, always rejected, with a canary in a different place each time.
        static func request(_ index: Int, run: String) -> (key: String, value: [UInt8]?) {
            let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","requested_by":"canary""#
            let text: String
            switch index % 6 {
            case 0: text = head + #","tenant_id":"tenant-demo","correlation_id":"\#(run)-\#(index)","payload":{"note":"token \#(stripeCanary) here"}}"#
            case 1: text = head + #","tenant_id":"\#(stripeCanary)","correlation_id":"\#(run)-\#(index)","payload":{}}"#
            case 2: text = head + #","tenant_id":"tenant-demo","correlation_id":"\#(githubCanary)","payload":{}}"#
            case 3: text = head + #","tenant_id":"tenant-demo","correlation_id":"\#(run)-\#(index)","payload":{"labels":{"db_password":"\#(keyedCanary)"}}}"#
            case 4: text = head + #","tenant_id":"tenant-demo","correlation_id":"\#(run)-\#(index)","payload":{"policy_pack_refs":["\#(githubCanary)"]}}"#
            default: text = head + #","tenant_id":"tenant-demo","payload":{"api_key":"\#(keyedCanary)","x":"#  // truncated
            }
            return ("tenant-demo", Array(text.utf8))
        }

        @Test func canarySecretsNeverLeave() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                // Run 1: the password in the YAML file, text logs. Run 2: the password from the environment, JSON logs.
                let yaml = try String(contentsOfFile: environment.configPath, encoding: .utf8)
                let withPassword = yaml.replacingOccurrences(
                    of: "  properties:\n", with: "  properties:\n    sasl.password: \(Self.passwordCanary)\n")
                #expect(withPassword != yaml)
                let yamlPath = environment.configPath + ".canary.yaml"
                try withPassword.write(toFile: yamlPath, atomically: true, encoding: .utf8)
                let runs: [(name: String, config: String, environment: [String: String])] = [
                    ("text", yamlPath, ["READINESSD_LOG_FORMAT": "text"]),
                    ("json", environment.configPath, ["READINESSD_LOG_FORMAT": "json",
                                                      "READINESSD_KAFKA_PROPERTIES_SASL_PASSWORD": Self.passwordCanary]),
                ]
                var expectedRejections = 0
                for run in runs {
                    let daemon = try DaemonProcess(["run", "--config", run.config],
                                                   environment: run.environment.merging(["READINESSD_LOG_LEVEL": "debug"]) { $1 },
                                                   name: "canary-\(run.name)")
                    let port = try await daemon.httpPort()
                    try await daemon.waitForLog("partitions assigned")
                    try await environment.produce((0..<1000).map { Self.request($0, run: run.name) })
                    expectedRejections += 1000
                    try await Wait.until("1,000 rejections of run \(run.name)", timeout: .seconds(60)) {
                        environment.collector.all.filter { $0.topic == environment.topics.rejections }.count >= expectedRejections
                    }
                    let metrics = try daemon.scrape(port: port)
                    #expect(metrics.sum("readinessd_rejections_total") == 1000)
                    #expect(metrics.sum("readinessd_rejections_total", #"reason="sensitive_material""#) > 0)
                    #expect(metrics.sum("readinessd_rejections_total", #"reason="malformed_json""#) > 0)
                    let probes = try [HTTPGet.get(port: port, "/readyz").body, HTTPGet.get(port: port, "/healthz").body]
                    #expect(try await daemon.terminate() == 0)
                    let log = daemon.log
                    #expect(log.contains("partitions assigned"), "the log was captured")
                    if run.name == "json" {
                        let lines = log.split(separator: "\n")
                        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") }, "every stderr line is JSON")
                    }
                    for canary in Self.canaries {
                        #expect(!log.contains(canary), "\(run.name) log leaks \(canary)")
                        #expect(!metrics.text.contains(canary), "/metrics leaks \(canary)")
                        #expect(!probes.joined().contains(canary))
                    }
                }
                let outputs = environment.collector.all
                #expect(outputs.count == 2000)
                #expect(outputs.allSatisfy { $0.topic == environment.topics.rejections })
                for output in outputs {
                    let everything = output.valueText + (output.key ?? "") + output.headers.map { $0.0 + $0.1 }.joined()
                    for canary in Self.canaries where everything.contains(canary) {
                        Issue.record("output \(output.partition)/\(output.offset) leaks \(canary)")
                    }
                }
            }
        }
    }
}
