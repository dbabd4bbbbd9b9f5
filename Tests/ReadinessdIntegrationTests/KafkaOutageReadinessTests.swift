import Foundation
import KafkaClient
import Testing

extension IntegrationTests {
    /// Every broker gone: `/readyz` 503 within 10 s, one `Kafka unreachable` line and the gauge at 1;
    /// brokers back: 200 within 10 s and one `Kafka reachable again` line with the outage's length
    /// (issue 23, item 5). Default statistics interval (5 s), as in production.
    @Suite struct KafkaOutageReadinessTests {
        @Test func readinessFollowsAnOutageOfEveryBroker() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                let daemon = try environment.startDaemon(name: "outage")
                let port = try await daemon.httpPort()
                try await Wait.until("/readyz answers 200", timeout: .seconds(60)) {
                    (try? HTTPGet.get(port: port, "/readyz").status) == 200
                }
                #expect(try daemon.scrape(port: port).samples["readinessd_kafka_unreachable"] == 0)

                let down = ContinuousClock.now
                for broker in Int32(1)...3 { try await environment.cluster.setBrokerDown(broker) }
                var body = ""
                try await Wait.until("/readyz answers 503 within 10 s of the outage", timeout: .seconds(10)) {
                    guard let response = try? HTTPGet.get(port: port, "/readyz") else { return false }
                    body = response.body
                    return response.status == 503
                }
                let toUnready = ContinuousClock.now - down
                #expect(body.hasPrefix("Kafka unreachable for "), "\(body)")
                try await daemon.waitForLog("Kafka unreachable", timeout: .seconds(5))
                #expect(try daemon.scrape(port: port).samples["readinessd_kafka_unreachable"] == 1)
                // Outlast the 6 s session timeout: the group forgets the member, which must rejoin after the recovery.
                try await Wait.until("the outage lasts 7 s", timeout: .seconds(20)) {
                    (try? HTTPGet.get(port: port, "/readyz").body.hasPrefix("Kafka unreachable for 7 s")) ?? false
                }

                let up = ContinuousClock.now
                for broker in Int32(1)...3 { try await environment.cluster.setBrokerUp(broker) }
                try await Wait.until("/readyz answers 200 within 10 s of the recovery", timeout: .seconds(10)) {
                    (try? HTTPGet.get(port: port, "/readyz").status) == 200
                }
                let toReady = ContinuousClock.now - up
                try await daemon.waitForLog("Kafka reachable again", timeout: .seconds(5))
                #expect(try daemon.scrape(port: port).samples["readinessd_kafka_unreachable"] == 0)
                let log = daemon.log
                #expect(log.components(separatedBy: "Kafka unreachable").count - 1 == 1, "one outage line")
                #expect(log.components(separatedBy: "Kafka reachable again").count - 1 == 1, "one recovery line")
                #expect(log.contains(/unreachable_for="?\d+\.\d s.*Kafka reachable again/), "the recovery line says how long")
                print("kafka outage: /readyz 503 after \(toUnready), 200 after \(toReady) of the recovery")
                #expect(try await daemon.terminate() == 0)
            }
        }
    }
}
