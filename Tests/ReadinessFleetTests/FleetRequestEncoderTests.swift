import ReadinessContract
import Testing
@testable import ReadinessFleet

/// The requests fleet sends pass the service's own validation (contract §2–§3).
@Suite struct FleetRequestEncoderTests {
    func validate(_ bytes: [UInt8]) -> ValidationOutcome {
        var validator = RequestValidator()
        return bytes.withUnsafeBytes { validator.validate($0) }
    }

    @Test func requestsAreValidAndCarryTheBatchCorrelationID() throws {
        let plan = FleetPlan(batch: FleetFixtures.batch, targets: [
            FleetTarget(tenantID: "tenant-\"quoted\"\\é", scope: "regulated"),
            FleetTarget(tenantID: "tenant-b", scope: "tenant-default"),
        ], checks: [.approvalState, .serviceAvailability])
        let encoder = FleetRequestEncoder(plan: plan)
        guard case .accepted(let request) = validate(encoder.request(0)) else {
            Issue.record("request 0 was rejected")
            return
        }
        #expect(request.tenantID == "tenant-\"quoted\"\\é")
        #expect(request.catalogScope == "regulated")
        #expect(request.correlationID == "fleet-20260602T120000Z-abc123-0")
        #expect(request.requiredChecks == [.approvalState, .serviceAvailability])
        #expect(request.policyPackRefs.isEmpty)
        #expect(encoder.key(0) == Array("tenant-\"quoted\"\\é".utf8))
        guard case .accepted(let second) = validate(encoder.request(1)) else {
            Issue.record("request 1 was rejected")
            return
        }
        #expect(second.correlationID == "fleet-20260602T120000Z-abc123-1")
    }

    @Test func withoutChecksTheServiceDefaultApplies() {
        let encoder = FleetRequestEncoder(plan: FleetFixtures.plan(["tenant-a"]))
        let text = String(decoding: encoder.request(0), as: UTF8.self)
        #expect(!text.contains("required_checks"))
        guard case .accepted(let request) = validate(encoder.request(0)) else {
            Issue.record("rejected")
            return
        }
        #expect(request.requiredChecks == CheckList.all)
    }
}
