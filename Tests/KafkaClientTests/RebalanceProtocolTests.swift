import Testing

@testable import KafkaClient

@Suite("Rebalance protocol resolution")
struct RebalanceProtocolTests {
    @Test("a NULL or NONE report keeps the last known protocol instead of crashing")
    func unknownReportKeepsLastKnown() {
        #expect(RebalanceProtocol.resolve(reported: nil, lastKnown: .cooperative) == .cooperative)
        #expect(RebalanceProtocol.resolve(reported: nil, lastKnown: .eager) == .eager)
        #expect(RebalanceProtocol.resolve(reported: "NONE", lastKnown: .cooperative) == .cooperative)
    }

    @Test("a reported protocol replaces the last known one")
    func reportWins() {
        #expect(RebalanceProtocol.resolve(reported: "EAGER", lastKnown: .cooperative) == .eager)
        #expect(RebalanceProtocol.resolve(reported: "COOPERATIVE", lastKnown: .eager) == .cooperative)
    }

    @Test("the configured assignment strategy seeds the protocol")
    func seededFromConfiguration() {
        #expect(RebalanceProtocol(assignmentStrategy: "cooperative-sticky") == .cooperative)
        #expect(RebalanceProtocol(assignmentStrategy: "range,roundrobin") == .eager)
        #expect(RebalanceProtocol(assignmentStrategy: nil) == .eager)
    }
}
