import Foundation
import KafkaClient
import ReadinessContract
import Testing
@testable import ReadinessWorker

/// Contract §9.3: a large response that Kafka refuses with an error no retry cures for it is replaced
/// by a small `output_too_large` rejection for the same input, which takes its place in the ledger, so
/// the partition goes on instead of producing the same bytes forever.
@Suite struct RefusedOutputReplacementTests {
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    /// Partition 3 of `requests`: offset 10, a 40 KB response that keeps a fallback; offset 11, a small one that does not.
    static func batch() -> OutputBatch {
        let batch = OutputBatch(expectedRecords: 2)
        let source = batch.sourceIndex(topic: "requests", partition: 3)
        for (offset, size) in [(Int64(10), 40_000), (11, 100)] {
            let headerStart = batch.headerCount
            let value = batch.append { $0.append(String(repeating: "v", count: size)) }
            batch.appendHeader(.correlationID) { $0.append("c-\(offset)") }
            let key = batch.append { $0.append("tenant-a") }
            let texts = batch.sources[source]
            batch.appendHeader(.sourceTopic, value: texts.topicText)
            batch.appendHeader(.sourcePartition, value: texts.partitionText)
            batch.appendHeader(.sourceOffset) { writeDecimal(offset, into: $0) }
            batch.appendHeader(.traceparent) { $0.append(traceparent) }
            batch.appendHeader(.tracestate) { $0.append("vendor=1") }
            if size >= ResponseFallback.minimumOutputBytes {
                let payload = Array("the request".utf8).withUnsafeBytes { PayloadDigest($0) }
                batch.setFallbackForNextRecord(ResponseFallback(
                    payload: payload, timestampMilliseconds: 1_780_358_400_000, correlationID: "c-\(offset)",
                    tenantID: "tenant-a", outputBytes: 40_321))
            }
            batch.appendRecord(kind: .response(.ready), source: source, sourceOffset: offset, key: key, value: value,
                               headerStart: headerStart)
        }
        return batch
    }

    static func refused(_ token: UInt64, _ code: KafkaErrorCode) -> KafkaDeliveryReport {
        KafkaDeliveryReport(token: token, result: .failure(.rdkafka(operation: "delivery to responses[0]", code: code, detail: nil)))
    }

    @Test func onlyErrorsThatConcernTheMessageItselfCountAsRefusals() {
        #expect(KafkaErrorCode.messageSizeTooLarge.refusesTheMessageItself)
        #expect(KafkaErrorCode.invalidRecord.refusesTheMessageItself)
        #expect(KafkaErrorCode.recordListTooLarge.refusesTheMessageItself)
        for code in [KafkaErrorCode.messageTimedOut, .transport, .allBrokersDown, .unknownTopicOrPartition, .purgedFromQueue,
                     .fatal, .gaplessGuarantee, .notEnoughReplicas, .queueFull] {
            #expect(!code.refusesTheMessageItself, "\(code.name)")
        }
    }

    @Test func aLargeResponseIsReplacedByASmallRejectionForTheSameInput() throws {
        let batch = Self.batch()
        let replacement = try #require(batch.replacement(for: 0, refusal: .messageSizeTooLarge, limitBytes: 1_000_000,
                                                         now: RFC3339.parse("2026-06-02T00:00:00Z")!))
        #expect(replacement.count == 1)
        #expect(replacement.records[0].kind == .rejection(.outputTooLarge))
        #expect(replacement.source(of: 0) == TopicPartition(topic: "requests", partition: 3))
        #expect(replacement.records[0].sourceOffset == 10)
        let (key, value, headers): (String?, [UInt8], [String]) = replacement.withOutput(0) { key, value, headers in
            (key?.text, Array(value), headers.map { "\($0.name.text)=\($0.value?.text ?? "<null>")" })
        }
        #expect(key == "tenant-a")
        #expect(headers == ["x-correlation-id=c-10", "x-source-topic=requests", "x-source-partition=3", "x-source-offset=10",
                            "x-rejection-reason=output_too_large", "traceparent=\(Self.traceparent)", "tracestate=vendor=1"])
        #expect(value.count < 1_000)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(value)) as? [String: Any])
        #expect(json["reason"] as? String == "output_too_large")
        #expect(json["field"] is NSNull)
        #expect(json["tenant_id"] as? String == "tenant-a")
        #expect(json["correlation_id"] as? String == "c-10")
        #expect(json["operation"] as? String == "policy_registry_readiness")
        #expect(json["payload_bytes"] as? Int == 11)
        let message = try #require(json["message"] as? String)
        #expect(message.contains("MSG_SIZE_TOO_LARGE") && message.contains("40321") && message.contains("1000000"))
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["partition"] as? Int == 3 && source["offset"] as? Int == 10)
        #expect(source["timestamp_ms"] as? Int == 1_780_358_400_000)
    }

    @Test func aSmallResponseKeepsNoFallbackAndIsProducedAgainAsItIs() {
        #expect(Self.batch().replacement(for: 1, refusal: .messageSizeTooLarge, limitBytes: 1_000_000, now: .now()) == nil)
    }

    @Test func theReplacementTakesTheRefusedOutputsPlaceInTheLedger() throws {
        let ledger = DeliveryLedger(maximumInFlight: 10)
        let batch = Self.batch()
        let tokens = ledger.register(batch)
        ledger.apply([Self.refused(tokens[0], .messageSizeTooLarge), Self.refused(tokens[1], .messageSizeTooLarge)])
        let failed = ledger.takeFailedNow()
        #expect(failed.map { $0.error?.code } == [.messageSizeTooLarge, .messageSizeTooLarge], "the error travels with the output")
        let replacement = try #require(batch.replacement(for: failed[0].index, refusal: .messageSizeTooLarge,
                                                         limitBytes: 1_000_000, now: .now()))
        let replaced = try #require(ledger.replace(failed[0], with: replacement))
        #expect(replaced.token == failed[0].token && replaced.batch === replacement && replaced.index == 0)
        #expect(replaced.error == nil, "a replacement that fails again is retried like any output")
        // A second failure of the replacement hands out the replacement, not the refused response.
        ledger.apply([Self.refused(tokens[0], .messageTimedOut)])
        let again = ledger.takeFailedNow()
        #expect(again.count == 1 && again[0].batch === replacement && again[0].attempts == 3)
        // Delivered, the replacement answers offset 10: with 11 delivered too, the partition commits past both.
        ledger.apply([OutputBatchFixtures.success(tokens[0]), OutputBatchFixtures.success(tokens[1])])
        #expect(ledger.failingCount == 0 && ledger.inFlight == 0)
        #expect(ledger.takeCommittable().map(\.offset) == [12])
    }

    @Test func aForgottenOutputIsNotReplaced() throws {
        let ledger = DeliveryLedger(maximumInFlight: 10)
        let batch = Self.batch()
        let tokens = ledger.register(batch)
        ledger.apply([Self.refused(tokens[0], .invalidRecord)])
        let failed = ledger.takeFailedNow()
        ledger.forget([TopicPartition(topic: "requests", partition: 3)])
        let replacement = try #require(batch.replacement(for: 0, refusal: .invalidRecord, limitBytes: 1_000_000, now: .now()))
        #expect(ledger.replace(failed[0], with: replacement) == nil)
    }
}
