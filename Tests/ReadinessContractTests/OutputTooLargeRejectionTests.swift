import Foundation
import ReadinessContract
import Testing

/// The `output_too_large` rejection (contract §3.3, §9.3).
@Suite("output_too_large rejection")
struct OutputTooLargeRejectionTests {
    func encoded(_ rejection: Rejection, payload: PayloadDigest) throws -> [String: Any] {
        let writer = JSONWriter()
        RejectionEncoder.encode(rejection, payload: payload,
                                source: .kafka(topic: "requests", partition: 2, offset: 7, timestampMilliseconds: nil),
                                rejectedAt: RFC3339.parse("2026-06-02T12:00:00Z")!, into: writer)
        return try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
    }

    @Test("reason output_too_large, field null, the echoes, a message naming size and limit")
    func found() throws {
        let rejection = Rejection.outputTooLarge(outputBytes: 1_064_961, limitBytes: 1_000_000, correlationID: "c-1",
                                                 tenantID: "tenant-a", operation: "policy_registry_readiness")
        let payload = Array("abc".utf8).withUnsafeBytes { PayloadDigest($0) }
        let json = try encoded(rejection, payload: payload)
        #expect(json["reason"] as? String == "output_too_large")
        #expect(json["field"] is NSNull)
        #expect(json["correlation_id"] as? String == "c-1")
        #expect(json["tenant_id"] as? String == "tenant-a")
        #expect(json["operation"] as? String == "policy_registry_readiness")
        let message = try #require(json["message"] as? String)
        #expect(message.contains("1064961") && message.contains("1000000") && message.contains("message.max.bytes"))
        #expect(json["payload_sha256"] as? String == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(json["payload_bytes"] as? Int == 3)
    }

    @Test("a refusal by Kafka is named in the message")
    func refused() {
        let rejection = Rejection.outputTooLarge(outputBytes: 40_000, limitBytes: 1_000_000, refusal: "MSG_SIZE_TOO_LARGE",
                                                 correlationID: nil, tenantID: nil, operation: nil)
        #expect(rejection.reason == .outputTooLarge && rejection.field == nil)
        #expect(rejection.message.contains("MSG_SIZE_TOO_LARGE") && rejection.message.contains("40000"))
    }

    @Test("a digest computed ahead encodes like the payload it was computed from; a tombstone is the empty hash")
    func digestAhead() throws {
        let tombstone = try encoded(.outputTooLarge(outputBytes: 1, limitBytes: 1, correlationID: nil, tenantID: nil,
                                                    operation: nil), payload: PayloadDigest(nil))
        #expect(tombstone["payload_sha256"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(tombstone["payload_bytes"] as? Int == 0)
    }

    @Test("the wire name is the raw value")
    func wireName() {
        #expect(RejectionReason.outputTooLarge.rawValue == "output_too_large")
        #expect("\(RejectionReason.outputTooLarge.wireName)" == "output_too_large")
    }
}
