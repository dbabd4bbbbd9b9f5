import Foundation
import ReadinessContract
import Testing
@testable import ReadinessFleet

@Suite struct FleetAnswerTests {
    func decode(_ text: String, rejection: Bool = false) throws -> FleetAnswer {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer in
            rejection ? try FleetAnswer.rejection(from: buffer, topic: "policy-registry-readiness.rejections")
                : try FleetAnswer.response(from: buffer, topic: "policy-registry-readiness.responses")
        }
    }

    @Test func readsTheSummaryOfAResponse() throws {
        let text = #"{"schema_version":"cavra.saas_control_plane.response.v1","operation":"policy_registry_readiness","status":"accepted","message":"Policy registry readiness evaluated: degraded.","correlation_id":"x","private_implementation_required":false,"payload":{"summary":{"tenant_id":"tenant-demo","readiness_status":"degraded","catalog_status":"ready","latest_catalog_version":null,"policy_pack_count":12,"checked_at":"2026-06-02T00:00:00Z","blockers":["approval workflow pending for policy pack starter-policy-1"],"private_validation_required":false,"registry_boundary":"b"},"checks":[],"registry_revision":"2026.06.02-1"}}"#
        #expect(try decode(text) == .response(FleetAnswer.Response(
            readinessStatus: .degraded, catalogStatus: .ready, latestCatalogVersion: nil,
            blockers: ["approval workflow pending for policy pack starter-policy-1"], registryRevision: "2026.06.02-1")))
    }

    @Test func readsARejection() throws {
        let text = #"{"schema_version":"readinessd.rejection.v1","reason":"invalid_field","field":"tenant_id","message":"m","correlation_id":"c","tenant_id":null,"operation":"policy_registry_readiness","source":{"topic":"t","partition":0,"offset":1,"timestamp_ms":null},"rejected_at":"2026-06-02T00:00:00Z","payload_sha256":"00","payload_bytes":2}"#
        #expect(try decode(text, rejection: true) == .rejection(FleetAnswer.Rejection(reason: "invalid_field", field: "tenant_id", message: "m")))
        let nullField = text.replacingOccurrences(of: #""field":"tenant_id""#, with: #""field":null"#)
        #expect(try decode(nullField, rejection: true) == .rejection(FleetAnswer.Rejection(reason: "invalid_field", field: nil, message: "m")))
    }

    @Test func refusesWhatIsNotAnAnswer() {
        #expect(throws: FleetAnswer.DecodingError.self) { try decode("not json") }
        #expect(throws: FleetAnswer.DecodingError.self) { try decode(#"{"payload":{}}"#) }
        #expect(throws: FleetAnswer.DecodingError.self) {
            try decode(#"{"payload":{"summary":{"readiness_status":"fine","catalog_status":"ready","blockers":[]},"registry_revision":"r"}}"#)
        }
        #expect(throws: FleetAnswer.DecodingError.self) { try decode("{}", rejection: true) }
    }
}
