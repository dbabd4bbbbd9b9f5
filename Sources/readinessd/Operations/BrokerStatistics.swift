import Foundation

/// The broker connection states in librdkafka's statistics JSON (`brokers.*.state`), counted
/// for the reachability watch (``KafkaReachability``). Only real brokers count: bootstrap
/// entries (`configured`) and brokers learned from metadata (`learned`); librdkafka's
/// `internal` and `logical` (group coordinator) handles follow the real ones.
struct BrokerStatistics: Sendable, Equatable {
    /// Real brokers in state `UP`.
    var up: Int
    /// Real brokers librdkafka tried or is trying to reach (every state but `INIT`).
    var attempted: Int

    /// A statistics document that could not be read.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Counts the brokers of one statistics document.
    static func parse(_ json: String) throws(ParseError) -> BrokerStatistics {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        } catch {
            throw ParseError(description: "librdkafka statistics JSON not understood: \(error)")
        }
        var counts = BrokerStatistics(up: 0, attempted: 0)
        for broker in (document.brokers ?? [:]).values where broker.source == "learned" || broker.source == "configured" {
            if broker.state == "UP" { counts.up += 1 }
            if broker.state != "INIT" { counts.attempted += 1 }
        }
        return counts
    }

    /// The decoded subset of the document.
    private struct Document: Decodable {
        var brokers: [String: Broker]?
    }

    private struct Broker: Decodable {
        var source: String
        var state: String
    }
}
