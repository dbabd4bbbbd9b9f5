import ReadinessContract
import Testing
@testable import ReadinessFleet

@Suite struct FleetReportTests {
    @Test func summaryCountsStatusesAndOutcomes() {
        let report = FleetFixtures.report(["a", "b", "c", "d", "e", "f"], answers: [
            0: FleetFixtures.response(.ready),
            1: FleetFixtures.response(.degraded, catalog: .degraded),
            2: FleetFixtures.response(.blocked, catalog: .blocked, revision: "rev-2"),
            3: FleetFixtures.response(.unknown),
            4: FleetFixtures.rejection,
        ], timedOut: true)
        #expect(report.count("answered") == 4)
        #expect(report.count("rejected") == 1)
        #expect(report.count("unanswered") == 1)
        #expect(report.statusCounts == [.ready: 1, .degraded: 1, .blocked: 1, .unknown: 1])
        #expect(report.catalogStatusCounts == [.ready: 2, .degraded: 1, .blocked: 1])
        #expect(report.registryRevisions == ["rev-1", "rev-2"])
        #expect(report.unansweredRows.map(\.target.tenantID) == ["f"])
        #expect(report.rejectedRows.map(\.target.tenantID) == ["e"])
        #expect(report.completion == .timedOut)
        #expect(report.exitStatus == .unansweredOrRejected)
    }

    @Test func topBlockersAddUpAcrossTenantsAndSkipTheCapLine() {
        let report = FleetFixtures.report(["tenant-x", "tenant-y", "tenant-z"], answers: [
            0: FleetFixtures.response(.blocked, blockers: ["tenant tenant-x is not registered", "policy pack p not found"]),
            1: FleetFixtures.response(.blocked, blockers: ["tenant tenant-y is not registered", "3 more blockers"]),
            2: FleetFixtures.response(.blocked, blockers: ["entitlement for tenant tenant-z is suspended",
                                                           "policy pack p not found", "policy pack p not found"]),
        ])
        #expect(report.topBlockers.map(\.text) == [
            "policy pack p not found", "tenant * is not registered", "entitlement for tenant * is suspended",
        ])
        #expect(report.topBlockers.map(\.count) == [2, 2, 1])
    }

    @Test func topBlockersAreLimited() {
        let blockers = (0..<15).map { "policy pack p\($0) not found" }
        let report = FleetFixtures.report(["a"], answers: [0: FleetFixtures.response(.blocked, blockers: blockers)])
        #expect(report.topBlockers.count == FleetReport.topBlockerLimit)
    }

    @Test(arguments: [
        ([ReadinessStatus.ready, .ready], FleetExitStatus.allReady),
        ([.ready, .degraded], .degradedOrUnknown),
        ([.unknown, .ready], .degradedOrUnknown),
        ([.degraded, .blocked, .unknown], .blocked),
    ])
    func exitStatusIsTheWorstAnswer(statuses: [ReadinessStatus], expected: FleetExitStatus) {
        let outcomes = statuses.map { status -> FleetOutcome in
            guard case .response(let response) = FleetFixtures.response(status) else { fatalError("fixture") }
            return .answered(response)
        }
        #expect(FleetExitStatus.of(outcomes) == expected)
    }

    @Test func missingAnswersOutrankBlocked() {
        guard case .response(let blocked) = FleetFixtures.response(.blocked) else { return }
        #expect(FleetExitStatus.of([.answered(blocked), .unanswered]) == .unansweredOrRejected)
        #expect(FleetExitStatus.of([.notSent("x"), .answered(blocked)]) == .unansweredOrRejected)
        guard case .rejection(let rejection) = FleetFixtures.rejection else { return }
        #expect(FleetExitStatus.of([.rejected(rejection)]) == .unansweredOrRejected)
        #expect(FleetExitStatus.of([]) == .allReady)
        #expect(FleetExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
    }
}
