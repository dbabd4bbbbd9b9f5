import Foundation
import KafkaClient
import Testing

/// The daemon as a separate process on the embedded broker: every request answered once, in order, committed.
extension IntegrationTests {
@Suite struct DaemonDeliveryTests {
    @Test func answersEveryRequestOnceInOrderAndCommits() async throws {
        try await IntegrationEnvironment.with(partitions: 4) { environment in
            let daemon = try environment.startDaemon()
            let count = 2000
            let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            let positions = try await environment.produce(RequestCorpus.requests(0..<count), headers: [
                KafkaHeader(name: "traceparent", string: traceparent), KafkaHeader(name: "tracestate", string: "vendor=1"),
            ])
            try await Wait.until("\(count) outputs", timeout: .seconds(60)) { environment.collector.count >= count }

            let outputs = environment.collector.all
            #expect(outputs.count == count, "exactly one output per request")
            #expect(environment.collector.answeredSources == Set(positions))

            // Right topic, key and headers for every output.
            for output in outputs {
                let index = Int(output.header("x-correlation-id")?.split(separator: "-").last ?? "") ?? -1
                let isRejection = output.topic == environment.topics.rejections
                #expect(output.header("x-source-topic") == environment.topics.requests)
                #expect(output.header("traceparent") == traceparent, "W3C trace context is copied to every output")
                #expect(output.header("tracestate") == "vendor=1")
                // The value is exactly one JSON document, nothing before or after it.
                let document = try? JSONSerialization.jsonObject(with: Data(output.value)) as? [String: Any]
                #expect(document != nil, "output value is one JSON object: \(output.valueText.suffix(120))")
                if index >= 0, !isRejection {
                    #expect(document?["correlation_id"] as? String == output.header("x-correlation-id"))
                }
                if index >= 0 {
                    #expect(isRejection == (index % 5 == 4), "request \(index) on \(output.topic)")
                    #expect(output.key == RequestCorpus.request(index).key)
                }
                if isRejection {
                    #expect(output.header("x-rejection-reason") != nil)
                    #expect(!output.valueText.contains("sk_live_"), "a secret never reaches an output topic")
                } else {
                    #expect(output.valueText.contains(#""status":"accepted""#))
                }
            }
            // Per input partition, outputs appear in input-offset order within each output partition.
            let byOutputPartition = Dictionary(grouping: outputs) { "\($0.topic)/\($0.partition)" }
            for (_, messages) in byOutputPartition {
                let sorted = messages.sorted { $0.offset < $1.offset }
                for source in Set(sorted.map(\.sourcePartition)) {
                    let offsets = sorted.filter { $0.sourcePartition == source }.map(\.sourceOffset)
                    #expect(offsets == offsets.sorted(), "outputs of input partition \(source) keep input order")
                }
            }

            #expect(try await daemon.terminate() == 0, "clean stop exits 0")
            let committed = try await environment.committedOffsets(partitions: 4)
            let expected = Dictionary(grouping: positions, by: \.partition).mapValues { ($0.map(\.offset).max() ?? -1) + 1 }
            for (partition, next) in expected {
                #expect(committed[partition] == next, "partition \(partition) committed through its last request")
            }
        }
    }

    @Test func restartAfterCleanStopReprocessesNothing() async throws {
        try await IntegrationEnvironment.with(partitions: 2) { environment in
            let first = try environment.startDaemon(name: "first")
            try await environment.produce(RequestCorpus.requests(0..<300))
            try await Wait.until("300 outputs", timeout: .seconds(60)) { environment.collector.count >= 300 }
            #expect(try await first.terminate() == 0)

            let second = try environment.startDaemon(name: "second")
            try await second.waitForLog("partitions assigned")
            // A sentinel request proves the second instance is consuming; nothing before it is redone.
            try await environment.produce(RequestCorpus.requests(300..<301))
            try await Wait.until("sentinel answered", timeout: .seconds(30)) { environment.collector.count >= 301 }
            #expect(try await second.terminate() == 0)
            #expect(environment.collector.count == 301, "no request was processed twice")
        }
    }

    @Test func hostileValuesBecomeRejectionsAndTheDaemonKeepsServing() async throws {
        try await IntegrationEnvironment.with(partitions: 1) { environment in
            let daemon = try environment.startDaemon(name: "hostile")
            // 3 MiB: larger than max_message_bytes (1 MiB); the 2.0.2 mock keeps at most 5 MiB per partition,
            // so a 10 MB value cannot be stored by the embedded broker at all.
            let tooLarge = [UInt8](repeating: UInt8(ascii: "a"), count: 3 * 1024 * 1024)
            let deep = Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
            let binary: [UInt8] = [0x00, 0xFF, 0xFE, 0x7B, 0x22, 0xC0, 0xAF]
            let hostile: [(key: String, value: [UInt8]?)] = [
                ("big", tooLarge), ("tombstone", nil), ("empty", []), ("deep", deep), ("binary", binary),
            ]
            try await environment.produce(hostile)
            try await environment.produce([RequestCorpus.request(0, prefix: "after")])
            try await Wait.until("six answers", timeout: .seconds(60)) { environment.collector.count >= 6 }
            let reasons = environment.collector.all.compactMap { $0.header("x-rejection-reason") }
            #expect(reasons == ["oversized", "empty_message", "empty_message", "malformed_json", "malformed_json"])
            let responses = environment.collector.all.filter { $0.topic == environment.topics.responses }
            #expect(responses.count == 1 && responses[0].header("x-correlation-id") == "after-0", "valid traffic still answered")
            #expect(try await daemon.terminate() == 0)
        }
    }
}
}
