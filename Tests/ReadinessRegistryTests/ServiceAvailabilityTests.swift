import ReadinessContract
import ReadinessRegistry
import Testing

/// `service_availability` (contract §5) and the leniency of `service` (§8 "Snapshot").
@Suite("service_availability")
struct ServiceAvailabilityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var service: String?
        var status: String
        var findings: [String]
        var testDescription: String { service ?? "(absent)" }
    }

    static let cases: [Case] = [
        Case(service: #"{"status":"available"}"#, status: "ready", findings: []),
        Case(service: #"{"status":"degraded"}"#, status: "degraded", findings: ["policy registry service degraded"]),
        Case(service: #"{"status":"unavailable"}"#, status: "blocked", findings: ["policy registry service unavailable"]),
        Case(service: #"{"status":"Available"}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"{"status":"available "}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"{"status":"maintenance"}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"{"status":null}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"{"status":1}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"{"state":"available"}"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: "{}", status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: nil, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: "null", status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #""available""#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: #"["available"]"#, status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: "true", status: "unknown", findings: ["policy registry service status unknown"]),
        Case(service: "42", status: "unknown", findings: ["policy registry service status unknown"]),
    ]

    @Test("status word → finding", arguments: cases)
    func service(_ c: Case) throws {
        let registry = try snapshot(c.service.map { #""service":"# + $0 } ?? "")
        let check = try evaluateOne(registry, .serviceAvailability)
        #expect(check.status == c.status)
        #expect(check.findings == c.findings)
    }

    @Test("the service check does not depend on the tenant or scope")
    func independentOfTenant() throws {
        let registry = try snapshot(#""service":{"status":"degraded"}"#)
        let check = try evaluateOne(registry, .serviceAvailability, tenant: "nobody", scope: "nowhere")
        #expect(check.findings == ["policy registry service degraded"])
    }
}
