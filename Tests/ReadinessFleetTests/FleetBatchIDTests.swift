import Testing
@testable import ReadinessFleet

@Suite struct FleetBatchIDTests {
    let batch = FleetBatchID("fleet-20260602T120000Z-abc123")

    @Test func correlationIDsRoundTrip() {
        for index in [0, 1, 9, 10, 99_999] {
            #expect(batch.index(of: batch.correlationID(index), count: 100_000) == index)
        }
    }

    @Test func idsOfOtherRequestsAreNotOurs() {
        #expect(batch.index(of: "saas-example", count: 10) == nil)
        #expect(batch.index(of: "fleet-20260602T120000Z-abc124-1", count: 10) == nil)  // another batch
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123", count: 10) == nil)    // no index
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-", count: 10) == nil)
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-1-2", count: 10) == nil) // a batch whose id extends ours
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-x", count: 10) == nil)
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-10", count: 10) == nil)  // beyond the plan
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-01", count: 10) == nil)  // leading zero: not an id we made
        #expect(batch.index(of: "FLEET-20260602T120000Z-abc123-1", count: 10) == nil)
        #expect(batch.index(of: "fleet-20260602T120000Z-abc123-99999999999999999999", count: 10) == nil)
    }

    @Test func freshIDsNameTheTimeAndDiffer() {
        let first = FleetBatchID.fresh(secondsSinceEpoch: 1_780_401_600)
        #expect(first.value.hasPrefix("fleet-20260602T120000Z-"))
        #expect(first.value.count == "fleet-20260602T120000Z-".count + 6)
        let others = (0..<20).map { _ in FleetBatchID.fresh(secondsSinceEpoch: 1_780_401_600).value }
        #expect(Set(others).count > 1)
    }
}
