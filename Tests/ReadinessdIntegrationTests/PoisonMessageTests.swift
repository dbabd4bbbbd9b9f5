import Foundation
import KafkaClient
import Testing

extension IntegrationTests {
    /// Issue 22, item 9: poison messages against the real daemon on the embedded broker (contract §9).
    ///
    /// Each poison goes to its own input partition, followed by ordinary requests on that partition:
    /// every poison gets its answer (the right rejection), the ordinary requests behind it are
    /// answered within seconds, nothing is produced again, `/readyz` stays 200, and canary secrets
    /// placed in keys, object key names, header values, values and the configuration leave the
    /// daemon nowhere: no output value, key or header, no log line (debug level), no metric, no
    /// `check-config` output.
    @Suite struct PoisonMessageTests {
        // MARK: Canaries

        /// In input keys (a sensitive value pattern of contract §3.2: never the dead-letter key).
        static let keyCanary = "ghp_PoisonKeyCanary0123456789abcdefghijk"
        /// In a string value.
        static let valueCanary = "sk_live_PoisonValueCanary9x8y7z6w"
        /// In a `tracestate` value (sensitive pattern: dropped by contract §9.2).
        static let tracestateCanary = "sk_test_PoisonTraceStateCanary42"
        /// In a malformed `traceparent` value.
        static let traceparentCanary = "ghs_PoisonTraceparentCanary0123456"
        /// In a header that is never copied.
        static let headerCanary = "ghp_PoisonHeaderCanary0123456789abcdefgh"
        /// An object key name shaped like a token (written `[redacted]` in `field`, contract §9.4).
        static let objectKeyCanary = "ghp_PoisonObjectKeyCanary0123456789abcde"
        /// An object key that is sensitive by its word and carries a secret after it (contract §9.4).
        static let keyNameCanary = "hunter2PoisonCanary"
        /// `kafka.properties.sasl.password` in the daemon's configuration.
        static let passwordCanary = "canary-sasl-Poison-7f3k2Qm"
        /// Inside `kafka.properties.sasl.oauthbearer.config` (librdkafka marks the property sensitive).
        static let oauthCanary = "canary-oauth-Poison-9q8wZx"

        /// Canaries that this branch keeps out of every output, log line, metric and probe.
        static let inputCanaries = [keyCanary, valueCanary, tracestateCanary, traceparentCanary, headerCanary]
        /// Canaries only kept out of `field` once contract §9.4 (`[redacted]` segments) is in.
        static let fieldCanaries = [objectKeyCanary, keyNameCanary]
        /// Configuration canaries.
        static let configCanaries = [passwordCanary, oauthCanary]

        static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

        // MARK: Requests

        static let head = #"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","requested_by":"poison-test""#

        static func ordinary(_ tag: String) -> [UInt8] {
            Array((head + #","tenant_id":"tenant-demo","correlation_id":"\#(tag)","payload":{}}"#).utf8)
        }

        /// A valid request of about 480 KB naming 1,000 distinct policy packs of 246 characters (most of them
        /// two UTF-8 bytes): its response (about 1.57 MB against the fixture registry: three findings per
        /// pack) is more than the producer's default `message.max.bytes` (1,000,000).
        static var hugeAnswerRequest: [UInt8] {
            let refs = (0..<1000).map { index -> String in
                let prefix = "poison-pack-\(index)-"
                return "\"" + prefix + String(repeating: "é", count: 246 - prefix.count) + "\""
            }
            return Array((head + #","tenant_id":"tenant-ready","correlation_id":"huge-answer","payload":{"policy_pack_refs":["#
                + refs.joined(separator: ",") + "]}}").utf8)
        }

        /// One message to produce on a given partition.
        struct Message: Sendable {
            var name: String
            var key: [UInt8]?
            var value: [UInt8]?
            var headers: [KafkaHeader] = []
        }

        /// A poison and the ordinary requests behind it on its partition.
        struct Round: Sendable {
            var partition: Int32
            var poisons: [Message]
            var ordinary: [Message]
        }

        static let rounds: [Round] = [
            // A valid request with a 1 MiB traceparent: answered, the header dropped (contract §9.2).
            Round(partition: 0, poisons: [
                Message(name: "1 MiB traceparent", key: Array("tenant-demo".utf8), value: ordinary("big-traceparent"),
                        headers: [KafkaHeader(name: "traceparent", value: [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20))]),
            ], ordinary: (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: ordinary("p0-\($0)")) }),
            // A tombstone whose key is 1.2 MB: empty_message, without the key (contract §9.1).
            Round(partition: 1, poisons: [
                Message(name: "1.2 MB key tombstone", key: [UInt8](repeating: UInt8(ascii: "k"), count: 1_200_000), value: nil),
            ], ordinary: (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: ordinary("p1-\($0)")) }),
            // A valid 492 KB request whose response would be about 1 MB: output_too_large (contract §9.3).
            Round(partition: 2, poisons: [
                Message(name: "1 MB response", key: Array("tenant-ready".utf8), value: hugeAnswerRequest),
            ], ordinary: (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: ordinary("p2-\($0)")) }),
            // Secrets in keys, headers, values and object key names.
            Round(partition: 3, poisons: [
                Message(name: "secret key, malformed value, secret headers", key: Array(keyCanary.utf8), value: Array(#"{"x":"#.utf8),
                        headers: [
                            KafkaHeader(name: "traceparent", string: "00-\(traceparentCanary)"),
                            KafkaHeader(name: "tracestate", string: "vendor=\(tracestateCanary)"),
                            KafkaHeader(name: "traceparent", string: traceparent),
                            KafkaHeader(name: "authorization", string: "Bearer \(headerCanary)"),
                            KafkaHeader(name: "tracestate", string: "ok=1"),
                        ]),
                Message(name: "secret key, valid request", key: Array(keyCanary.utf8), value: ordinary("secret-key-valid")),
                Message(name: "secret value", key: Array("order-42".utf8),
                        value: Array((head + #","tenant_id":"tenant-demo","correlation_id":"secret-value","payload":{"note":"\#(valueCanary)"}}"#).utf8)),
                Message(name: "token-shaped object key", key: nil,
                        value: Array(#"{"payload":{"\#(objectKeyCanary)":{"password":1}}}"#.utf8)),
                Message(name: "password=secret object key", key: nil,
                        value: Array(#"{"payload":{"password=\#(keyNameCanary)":1}}"#.utf8)),
                Message(name: "echoable key, no tenant", key: Array("order-42".utf8), value: Array("{".utf8)),
            ], ordinary: (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: ordinary("p3-\($0)")) }),
        ]

        /// Produces `messages` on `partition` in order; returns where each landed.
        static func produce(_ messages: [Message], partition: Int32, environment: IntegrationEnvironment) async throws -> [SourcePosition] {
            let base = 7_000_000_000 + UInt64.random(in: 1...1_000_000) * 1000
            for (index, message) in messages.enumerated() {
                try await environment.producer.send(topic: environment.topics.requests, partition: partition, key: message.key,
                                                    value: message.value, headers: message.headers, token: base + UInt64(index))
            }
            let tokens = (0..<messages.count).map { base + UInt64($0) }
            try await Wait.until("\(messages.count) messages on partition \(partition) acknowledged") {
                environment.delivered.positions.withLock { map in tokens.allSatisfy { map[$0] != nil } }
            }
            return environment.delivered.positions.withLock { map in tokens.map { map[$0]! } }
        }

        /// The daemon configuration with the configuration canaries added to `kafka.properties`.
        static func configurationWithCanaries(_ environment: IntegrationEnvironment) throws -> String {
            let yaml = try String(contentsOfFile: environment.configPath, encoding: .utf8)
            let withCanaries = yaml.replacingOccurrences(of: "  properties:\n", with: """
                  properties:
                    sasl.password: \(passwordCanary)
                    sasl.oauthbearer.config: "principal=readinessd extension_token=\(oauthCanary)"

                """)
            #expect(withCanaries != yaml)
            let path = environment.configPath + ".poison.yaml"
            try withCanaries.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        // MARK: The test

        @Test func poisonMessagesAreAnsweredAndTheirPartitionsGoOnWithoutLeakingSecrets() async throws {
            try await IntegrationEnvironment.with(partitions: 4) { environment in
                let config = try Self.configurationWithCanaries(environment)
                let daemon = try DaemonProcess(["run", "--config", config], environment: ["READINESSD_LOG_LEVEL": "debug"],
                                               name: "poison")
                let port = try await daemon.httpPort()
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))

                // /readyz, watched throughout.
                let readiness = Locked<(checks: Int, failures: [String])>((0, []))
                let watching = Locked(true)
                var answered: [(round: Round, poisons: [SourcePosition], ordinary: [SourcePosition], delay: Duration)] = []
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        while watching.withLock({ $0 }) {
                            let status = (try? HTTPGet.get(port: port, "/readyz")).map { "\($0.status) \($0.body)" } ?? "no answer"
                            readiness.withLock { state in
                                state.checks += 1
                                if !status.hasPrefix("200") { state.failures.append(status) }
                            }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                    for round in Self.rounds {
                        let sent = ContinuousClock.now
                        let positions = try await Self.produce(round.poisons + round.ordinary, partition: round.partition,
                                                               environment: environment)
                        let poisons = Array(positions.prefix(round.poisons.count))
                        let ordinary = Array(positions.suffix(round.ordinary.count))
                        try await Wait.until("the first ordinary request after \(round.poisons[0].name) answered",
                                             timeout: .seconds(10)) {
                            environment.collector.hasAnswered(ordinary[0])
                        }
                        let delay = ContinuousClock.now - sent
                        try await Wait.until("every message of partition \(round.partition) answered", timeout: .seconds(10)) {
                            positions.allSatisfy(environment.collector.hasAnswered)
                        }
                        answered.append((round, poisons, ordinary, delay))
                    }
                    watching.withLock { $0 = false }
                    try await group.waitForAll()
                }
                for entry in answered {
                    print("poison: \(entry.round.poisons[0].name) on partition \(entry.round.partition): "
                        + "poison sent → next ordinary answer on its partition \(entry.delay)")
                    #expect(entry.delay < .seconds(5), "\(entry.round.poisons[0].name): the partition goes on within seconds")
                }
                let (checks, failures) = readiness.withLock { ($0.checks, $0.failures) }
                #expect(checks > 0 && failures.isEmpty, "/readyz stayed 200 (\(checks) checks): \(failures.prefix(3))")

                let metrics = try daemon.scrape(port: port)
                #expect(metrics.sum("readinessd_rejections_total", #"reason="output_too_large""#) == 1)
                #expect(metrics.sum("readinessd_produce_retries_total") == 0, "nothing was produced again")
                #expect(metrics.sum("readinessd_produce_errors_total") == 0, "no output was refused at enqueue")
                // The gauge is sampled on acknowledgement rounds: it reaches 0 after the last one.
                try await Wait.until("nothing left in flight", timeout: .seconds(10)) {
                    try daemon.scrape(port: port).sum("readinessd_in_flight_outputs") == 0
                }
                let probes = try [HTTPGet.get(port: port, "/readyz").body, HTTPGet.get(port: port, "/healthz").body]
                #expect(try await daemon.terminate() == 0)

                let outputs = environment.collector.all
                Self.expectAnswers(answered.map { ($0.round, $0.poisons, $0.ordinary) }, outputs: outputs, environment: environment)

                // check-config with the same configuration.
                let checkConfig = try DaemonProcess(["check-config", "--config", config], name: "poison-check-config")
                #expect(try await checkConfig.waitForExit(timeout: .seconds(30)) == 0)
                let checkConfigOutput = checkConfig.log
                #expect(checkConfigOutput.contains("bootstrap_servers"), "check-config printed the configuration")

                // Canaries: outputs (value, key, header names and values), log, metrics, probes, check-config.
                for output in outputs {
                    let everything = output.valueText + (output.key ?? "") + output.headers.map { $0.0 + "=" + $0.1 }.joined()
                    for canary in Self.inputCanaries + Self.configCanaries where everything.contains(canary) {
                        Issue.record("output \(output.topic)/\(output.partition)/\(output.offset) leaks \(canary)")
                    }
                    for canary in Self.fieldCanaries where everything.contains(canary) {
                        Issue.record("output \(output.topic)/\(output.partition)/\(output.offset) leaks \(canary)")  // needs i22-contract
                    }
                }
                let log = daemon.log
                #expect(log.contains("partitions assigned") && log.contains("debug"), "the debug log was captured")
                for canary in Self.inputCanaries + Self.fieldCanaries + [Self.passwordCanary] {
                    #expect(!log.contains(canary), "the log leaks \(canary)")
                    #expect(!metrics.text.contains(canary), "/metrics leaks \(canary)")
                    #expect(!probes.joined().contains(canary), "a probe leaks \(canary)")
                    #expect(!checkConfigOutput.contains(canary), "check-config leaks \(canary)")
                }
                #expect(!log.contains(Self.oauthCanary), "the log leaks the sasl.oauthbearer.config canary")
                #expect(!metrics.text.contains(Self.oauthCanary), "/metrics leaks the sasl.oauthbearer.config canary")
                #expect(!probes.joined().contains(Self.oauthCanary))
                #expect(!checkConfigOutput.contains(Self.oauthCanary), "check-config leaks the sasl.oauthbearer.config canary")  // needs i22-hardening
            }
        }

        /// A request whose response (about 40 KB) fits the producer's limit but that the broker refuses with
        /// `MSG_SIZE_TOO_LARGE` (injected: a topic whose `max.message.bytes` is smaller). The refusal makes the
        /// idempotent producer fatal; the retry round replaces the response by an `output_too_large` rejection
        /// (the requests refused beside it are produced again as they are) and the partition goes on.
        @Test func aResponseTheBrokerRefusesIsReplacedAndItsPartitionGoesOn() async throws {
            // One partition per topic: the responses share one partition queue, so the refused Produce
            // request (librdkafka 2.0.2 sends one partition per request) holds the large one and its neighbours.
            try await IntegrationEnvironment.with(partitions: 1) { environment in
                // Requests on broker 1, responses on broker 2, rejections on broker 3: the refusal is injected
                // into broker 2's next Produce request only (the test's own producer writes to broker 1).
                for partition in Int32(0)..<1 {
                    try await environment.cluster.setPartitionLeader(topic: environment.topics.requests, partition: partition, broker: 1)
                    try await environment.cluster.setPartitionLeader(topic: environment.topics.responses, partition: partition, broker: 2)
                    try await environment.cluster.setPartitionLeader(topic: environment.topics.rejections, partition: partition, broker: 3)
                }
                let daemon = try environment.startDaemon(name: "poison-refused")
                let port = try await daemon.httpPort()
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                let warmUp = try await Self.produce([Message(name: "warm-up", key: Array("tenant-demo".utf8), value: Self.ordinary("warm-up"))],
                                                    partition: 0, environment: environment)
                try await Wait.until("the warm-up request answered") { environment.collector.hasAnswered(warmUp[0]) }

                try await environment.cluster.pushBrokerRequestErrorRTTs(
                    broker: 2, apiKey: EmbeddedKafkaCluster.APIKey.produce, errors: [(.messageSizeTooLarge, 0)])
                let refs = (0..<30).map { "\"refused-pack-\($0)-" + String(repeating: "é", count: 200) + "\"" }.joined(separator: ",")
                let large = Message(name: "refused response", key: Array("tenant-ready".utf8), value: Array(
                    (Self.head + #","tenant_id":"tenant-ready","correlation_id":"refused","payload":{"policy_pack_refs":[\#(refs)]}}"#).utf8),
                    headers: [KafkaHeader(name: "traceparent", string: Self.traceparent)])
                let ordinary = (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: Self.ordinary("after-refusal-\($0)")) }
                let sent = ContinuousClock.now
                let positions = try await Self.produce([large] + ordinary, partition: 0, environment: environment)
                try await Wait.until("the first ordinary request after the refused response answered", timeout: .seconds(20)) {
                    environment.collector.hasAnswered(positions[1])
                }
                let delay = ContinuousClock.now - sent
                try await Wait.until("every request answered", timeout: .seconds(20)) { positions.allSatisfy(environment.collector.hasAnswered) }
                print("poison: response refused by the broker (MSG_SIZE_TOO_LARGE) on partition 0: "
                    + "poison sent → next ordinary answer on its partition \(delay)")
                #expect(delay < .seconds(10))

                let outputs = environment.collector.all
                let answers = positions.map { position in
                    outputs.filter { $0.sourcePartition == position.partition && $0.sourceOffset == position.offset }
                }
                let replaced = answers[0].filter { $0.topic == environment.topics.rejections }
                #expect(replaced.count == 1, "the refused response is answered by one rejection")
                #expect(answers[0].allSatisfy { $0.topic == environment.topics.rejections }, "the refused response itself never lands")
                if let rejection = replaced.first {
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(rejection.value)) as? [String: Any])
                    #expect(rejection.header("x-rejection-reason") == "output_too_large")
                    #expect(json["reason"] as? String == "output_too_large" && json["field"] is NSNull)
                    #expect(json["tenant_id"] as? String == "tenant-ready" && json["correlation_id"] as? String == "refused")
                    #expect((json["message"] as? String ?? "").contains("MSG_SIZE_TOO_LARGE"))
                    #expect(rejection.key == "tenant-ready")
                    #expect(rejection.header("traceparent") == Self.traceparent, "the response's trace context goes with it")
                    #expect(json["payload_bytes"] as? Int == large.value?.count)
                }
                for answer in answers.dropFirst() {
                    #expect(!answer.isEmpty && answer.allSatisfy { $0.topic == environment.topics.responses },
                            "the requests refused beside it are answered as they were")
                }
                try await Wait.until("nothing left in flight", timeout: .seconds(10)) {
                    try daemon.scrape(port: port).sum("readinessd_in_flight_outputs") == 0
                }
                let metrics = try daemon.scrape(port: port)
                #expect(metrics.sum("readinessd_rejections_total", #"reason="output_too_large""#) == 1)
                #expect(metrics.sum("readinessd_produce_retries_total") <= 8,
                        "one retry round for the refused request and its neighbours, not a retry loop")
                #expect(try HTTPGet.get(port: port, "/readyz").status == 200)
                #expect(daemon.log.contains("replaced by an output_too_large rejection"))
                #expect(try await daemon.terminate() == 0)
            }
        }

        /// The limit is the producer's effective `message.max.bytes` (here 20,000, from
        /// `kafka.producer_properties`). A valid traceparent and 1,000 empty `tracestate` values (each
        /// passes contract §9.2: 0 bytes) make the response too large by their headers alone: the answer is an
        /// `output_too_large` rejection sent without trace headers, and ordinary requests behind it are answered.
        @Test func anOutputMadeTooLargeByTraceHeadersAloneGoesWithoutThem() async throws {
            try await IntegrationEnvironment.with(partitions: 1) { environment in
                let yaml = try String(contentsOfFile: environment.configPath, encoding: .utf8)
                let limited = yaml.replacingOccurrences(
                    of: "  consumer_properties:\n", with: "  producer_properties:\n    message.max.bytes: 20000\n  consumer_properties:\n")
                #expect(limited != yaml)
                try limited.write(toFile: environment.configPath, atomically: true, encoding: .utf8)
                let daemon = try environment.startDaemon(name: "poison-trace-headers")
                let port = try await daemon.httpPort()
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                let crowded = Message(name: "1,000 empty tracestate headers", key: Array("tenant-demo".utf8),
                                      value: Self.ordinary("empty-tracestates"),
                                      headers: [KafkaHeader(name: "traceparent", string: Self.traceparent)]
                                        + Array(repeating: KafkaHeader(name: "tracestate", value: []), count: 1000))
                let ordinary = (0..<3).map { Message(name: "ordinary", key: Array("tenant-demo".utf8), value: Self.ordinary("after-\($0)")) }
                let positions = try await Self.produce([crowded] + ordinary, partition: 0, environment: environment)
                try await Wait.until("every request answered", timeout: .seconds(20)) { positions.allSatisfy(environment.collector.hasAnswered) }
                let outputs = environment.collector.all
                let answers = positions.map { position in
                    outputs.filter { $0.sourcePartition == position.partition && $0.sourceOffset == position.offset }
                }
                #expect(answers[0].count == 1)
                if let rejection = answers[0].first {
                    #expect(rejection.topic == environment.topics.rejections && rejection.header("x-rejection-reason") == "output_too_large")
                    #expect(rejection.header("traceparent") == nil && rejection.header("tracestate") == nil, "no trace header")
                    #expect(rejection.key == "tenant-demo")
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(rejection.value)) as? [String: Any])
                    #expect((json["message"] as? String ?? "").contains("20000"), "the configured limit is the one used")
                }
                for answer in answers.dropFirst() {
                    #expect(answer.count == 1 && answer.first?.topic == environment.topics.responses)
                    #expect(answer.first?.header("traceparent") == nil)
                }
                #expect(try daemon.scrape(port: port).sum("readinessd_produce_retries_total") == 0)
                #expect(try await daemon.terminate() == 0)
            }
        }

        /// Every message got exactly one answer of the right kind.
        static func expectAnswers(_ rounds: [(Round, [SourcePosition], [SourcePosition])], outputs: [OutputMessage],
                                  environment: IntegrationEnvironment) {
            func answers(_ position: SourcePosition) -> [OutputMessage] {
                outputs.filter { $0.sourcePartition == position.partition && $0.sourceOffset == position.offset }
            }
            func field(_ output: OutputMessage, _ name: String) -> Any? {
                (try? JSONSerialization.jsonObject(with: Data(output.value)) as? [String: Any])?[name]
            }
            func rejection(_ position: SourcePosition, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) -> OutputMessage? {
                let found = answers(position)
                guard found.count == 1, let output = found.first else {
                    Issue.record("\(found.count) answers for \(position)", sourceLocation: sourceLocation)
                    return nil
                }
                #expect(output.topic == environment.topics.rejections, sourceLocation: sourceLocation)
                #expect(output.header("x-rejection-reason") == reason, sourceLocation: sourceLocation)
                #expect(field(output, "reason") as? String == reason, sourceLocation: sourceLocation)
                return output
            }
            for (round, poisons, ordinary) in rounds {
                for position in ordinary {
                    let found = answers(position)
                    #expect(found.count == 1 && found.first?.topic == environment.topics.responses,
                            "ordinary request \(position) answered once with a response")
                }
                switch round.partition {
                case 0:
                    let found = answers(poisons[0])
                    #expect(found.count == 1 && found.first?.topic == environment.topics.responses)
                    #expect(found.first?.header("traceparent") == nil, "the 1 MiB traceparent is not copied")
                    #expect((found.first?.value.count ?? .max) < 10_000)
                case 1:
                    let output = rejection(poisons[0], "empty_message")
                    #expect(output != nil && output?.key == nil, "the 1.2 MB key is not the dead-letter key")
                case 2:
                    guard let output = rejection(poisons[0], "output_too_large") else { break }
                    #expect(output.key == "tenant-ready")
                    #expect(output.header("x-correlation-id") == "huge-answer")
                    #expect(field(output, "tenant_id") as? String == "tenant-ready")
                    #expect(field(output, "correlation_id") as? String == "huge-answer")
                    #expect(field(output, "operation") as? String == "policy_registry_readiness")
                    #expect(field(output, "field") is NSNull)
                    let message = field(output, "message") as? String ?? ""
                    #expect(message.contains("1000000"), "the message names the limit: \(message)")
                    print("poison: output_too_large message: \(message)")
                    #expect(output.value.count < 2_000)
                default:
                    let headersOnly = rejection(poisons[0], "malformed_json")
                    #expect(headersOnly?.key == nil, "a token-shaped input key is not the dead-letter key")
                    #expect(headersOnly?.headers.filter { $0.0 == "traceparent" }.map(\.1) == [traceparent],
                            "only the first well-formed traceparent is copied")
                    #expect(headersOnly?.headers.filter { $0.0 == "tracestate" }.map(\.1) == ["ok=1"],
                            "a tracestate holding a secret is dropped, a clean one kept")
                    #expect(headersOnly?.header("authorization") == nil)
                    let valid = answers(poisons[1])
                    #expect(valid.count == 1 && valid.first?.topic == environment.topics.responses && valid.first?.key == "tenant-demo")
                    let secretValue = rejection(poisons[2], "sensitive_material")
                    #expect(secretValue.map { field($0, "field") as? String } == "payload.note")
                    #expect(secretValue?.key == "tenant-demo", "the echoed tenant id is the key")
                    let tokenKey = rejection(poisons[3], "sensitive_material")
                    #expect(tokenKey.map { field($0, "field") as? String } == "payload.[redacted].password")  // needs i22-contract
                    let wordKey = rejection(poisons[4], "sensitive_material")
                    #expect(wordKey.map { field($0, "field") as? String } == "payload.[redacted]")  // needs i22-contract
                    let plainKey = rejection(poisons[5], "malformed_json")
                    #expect(plainKey?.key == "order-42", "an echoable input key is the dead-letter key when no tenant id is echoed")
                }
            }
        }
    }
}
