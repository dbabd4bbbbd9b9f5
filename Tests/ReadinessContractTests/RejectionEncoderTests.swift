import Foundation
import ReadinessContract
import Testing

/// The rejection event of contract §3.3 as encoded on the wire.
@Suite("RejectionEncoder")
struct RejectionEncoderTests {
    static let now = RFC3339.parse("2026-06-02T12:00:00.75Z")!

    func encode(_ rejection: Rejection, payload: [UInt8]?, source: RejectionSource) throws -> [String: Any] {
        let writer = JSONWriter()
        if let payload {
            payload.withUnsafeBytes { RejectionEncoder.encode(rejection, payload: $0, source: source, rejectedAt: Self.now, into: writer) }
        } else {
            RejectionEncoder.encode(rejection, payload: nil, source: source, rejectedAt: Self.now, into: writer)
        }
        let object = try JSONSerialization.jsonObject(with: Data(writer.bytes))
        return try #require(object as? [String: Any])
    }

    @Test("all fields, offline line source")
    func lineSource() throws {
        let rejection = Rejection(reason: .invalidField, field: "payload.required_checks",
                                  message: #"say "no" \ twice"#, correlationID: "c-1", tenantID: "tenant-é", operation: "op")
        let json = try encode(rejection, payload: Array("abc".utf8), source: .line(7))
        #expect(Set(json.keys) == ["schema_version", "reason", "field", "message", "correlation_id", "tenant_id",
                                   "operation", "source", "rejected_at", "payload_sha256", "payload_bytes"])
        #expect(json["schema_version"] as? String == "readinessd.rejection.v1")
        #expect(json["reason"] as? String == "invalid_field")
        #expect(json["field"] as? String == "payload.required_checks")
        #expect(json["message"] as? String == #"say "no" \ twice"#)
        #expect(json["correlation_id"] as? String == "c-1")
        #expect(json["tenant_id"] as? String == "tenant-é")
        #expect(json["operation"] as? String == "op")
        let source = try #require(json["source"] as? [String: Any])
        #expect(source.count == 1)
        #expect(source["line"] as? Int == 7)
        #expect(json["rejected_at"] as? String == "2026-06-02T12:00:00Z")
        #expect(json["payload_sha256"] as? String == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(json["payload_bytes"] as? Int == 3)
    }

    @Test("null field and echoes")
    func nulls() throws {
        let json = try encode(Rejection(reason: .malformedJSON, field: nil, message: "m"), payload: Array("{".utf8), source: .line(1))
        for key in ["field", "correlation_id", "tenant_id", "operation"] {
            #expect(json[key] is NSNull, "\(key)")
        }
        #expect(json["payload_sha256"] as? String == "021fb596db81e6d02bf3d2586ee3981fe519f275c0ac9ca76bbcf2ebb4097d96")
    }

    @Test("Kafka source with and without a timestamp")
    func kafkaSource() throws {
        let rejection = Rejection(reason: .oversized, field: nil, message: "m")
        let json = try encode(rejection, payload: [0x00], source: .kafka(topic: "policy-registry-readiness.requests",
                                                                         partition: 3, offset: 1234, timestampMilliseconds: 1_780_358_400_000))
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["topic"] as? String == "policy-registry-readiness.requests")
        #expect(source["partition"] as? Int == 3)
        #expect(source["offset"] as? Int == 1234)
        #expect((source["timestamp_ms"] as? NSNumber)?.int64Value == 1_780_358_400_000)
        let untimed = try encode(rejection, payload: [0x00], source: .kafka(topic: "t", partition: 0, offset: 0, timestampMilliseconds: nil))
        #expect((untimed["source"] as? [String: Any])?["timestamp_ms"] is NSNull)
    }

    @Test("an empty payload and a tombstone hash the empty string, 0 bytes")
    func emptyPayload() throws {
        let rejection = Rejection(reason: .emptyMessage, field: nil, message: "m")
        for payload: [UInt8]? in [[], nil] {
            let json = try encode(rejection, payload: payload, source: .line(1))
            #expect(json["payload_sha256"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(json["payload_bytes"] as? Int == 0)
        }
    }

    @Test("payload_bytes counts raw bytes, including a trailing CR")
    func rawBytes() throws {
        let json = try encode(Rejection(reason: .malformedJSON, field: nil, message: "m"), payload: Array("{}x\r".utf8), source: .line(2))
        #expect(json["payload_bytes"] as? Int == 4)
        let digest = try #require(json["payload_sha256"] as? String)
        #expect(digest.count == 64 && digest == digest.lowercased())
    }

    @Test("every reason has its wire word", arguments: RejectionReason.allCases)
    func reasons(_ reason: RejectionReason) throws {
        let json = try encode(Rejection(reason: reason, field: nil, message: ""), payload: [0x20], source: .line(1))
        #expect(json["reason"] as? String == reason.rawValue)
    }

    @Test("the wire words are exactly the contract's eight (output_too_large since v1.1, contract §9.3)")
    func reasonWords() {
        #expect(Set(RejectionReason.allCases.map(\.rawValue)) == [
            "empty_message", "oversized", "malformed_json", "sensitive_material",
            "unsupported_schema_version", "unsupported_operation", "invalid_field", "output_too_large",
        ])
        #expect(RejectionReason.allCases.allSatisfy { $0.wireName.description == $0.rawValue })
    }
}
