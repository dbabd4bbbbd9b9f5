import Foundation
import Testing
import TestSupport

extension IntegrationTests {
    /// `readinessd broker --port N` and a daemon that knows it talks to a mock broker
    /// (`kafka.broker_profile: mock`): a restarted daemon serves again within seconds, not the
    /// ~88 s of librdkafka's 45 s session timeout (issue 23, item 4).
    @Suite struct BrokerPortTests {
        @Test func aRestartedDaemonServesAgainQuicklyAgainstABrokerAtAKnownPort() async throws {
            let port = try #require(LoopbackSocket.freePort())
            let broker = try DaemonProcess(["broker", "--port", String(port), "--partitions", "6"], name: "broker-port")
            try await broker.waitForLog("127.0.0.1:\(port)\n", timeout: .seconds(30))

            let directory = NSTemporaryDirectory() + "readinessd-broker-port-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let config = directory + "/readinessd.yaml"
            try """
                kafka:
                  bootstrap_servers: 127.0.0.1:\(port)
                  broker_profile: mock
                  group_id: broker-port-\(UUID().uuidString)
                registry:
                  snapshot: \(IntegrationEnvironment.fixtures)/registry.json
                """.write(toFile: config, atomically: true, encoding: .utf8)

            var timesToServe: [Duration] = []
            for round in 1...2 {
                let started = ContinuousClock.now
                let daemon = try DaemonProcess(["run", "--config", config], name: "broker-port-\(round)")
                let http = try await daemon.httpPort()
                try await Wait.until("daemon \(round) serves: /readyz 200", timeout: .seconds(40)) {
                    (try? HTTPGet.get(port: http, "/readyz").body.hasPrefix("ready: 6 partitions assigned")) ?? false
                }
                timesToServe.append(ContinuousClock.now - started)
                #expect(try await daemon.terminate() == 0, "\(daemon.log)")
            }
            print("broker --port: start to serving \(timesToServe[0]), after a restart \(timesToServe[1])")
            #expect(timesToServe[1] < .seconds(15), "a restart serves again within 15 s: \(timesToServe[1])")

            // The broker replaced at the same port: a running daemon finds it and serves again.
            let daemon = try DaemonProcess(["run", "--config", config], name: "broker-port-3")
            let http = try await daemon.httpPort()
            try await Wait.until("daemon 3 serves", timeout: .seconds(40)) {
                (try? HTTPGet.get(port: http, "/readyz").body.hasPrefix("ready: 6 partitions assigned")) ?? false
            }
            #expect(try await broker.terminate() == 0)
            let replaced = ContinuousClock.now
            let replacement = try DaemonProcess(["broker", "--port", String(port), "--partitions", "6"], name: "broker-port-2")
            try await replacement.waitForLog("127.0.0.1:\(port)\n", timeout: .seconds(30))
            try await daemon.waitForLog("Kafka reachable again", timeout: .seconds(30))
            // The new broker knows no group: the daemon must join it and be assigned the partitions again.
            let assignments = { daemon.log.components(separatedBy: "Kafka partitions assigned").count - 1 }
            try await Wait.until("daemon 3 is assigned partitions by the replacement broker", timeout: .seconds(40)) {
                assignments() >= 2
                    && ((try? HTTPGet.get(port: http, "/readyz").body.hasPrefix("ready: 6 partitions assigned")) ?? false)
            }
            print("broker --port: serving again \(ContinuousClock.now - replaced) after the broker was replaced")
            #expect(try await daemon.terminate() == 0)
            #expect(try await replacement.terminate() == 0)
        }

        @Test func aPortInUseExits78() async throws {
            let port = try #require(LoopbackSocket.freePort())
            let first = try DaemonProcess(["broker", "--port", String(port)], name: "broker-port-first")
            try await first.waitForLog("127.0.0.1:\(port)\n", timeout: .seconds(30))
            let second = try DaemonProcess(["broker", "--port", String(port)], name: "broker-port-second")
            #expect(try await second.waitForExit(timeout: .seconds(10)) == 78)
            #expect(second.log.contains("cannot listen on 127.0.0.1:\(port) (--port)"), "\(second.log)")
            #expect(try await first.terminate() == 0)
        }

        @Test func portNeedsOneBroker() async throws {
            let broker = try DaemonProcess(["broker", "--port", "9092", "--brokers", "3"], name: "broker-port-usage")
            #expect(try await broker.waitForExit(timeout: .seconds(10)) == 64)
            #expect(broker.log.contains("--port runs one broker"))
        }
    }
}
