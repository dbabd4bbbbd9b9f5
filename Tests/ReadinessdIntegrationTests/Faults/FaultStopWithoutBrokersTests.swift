import Foundation
import Testing

extension IntegrationTests {
    /// A stop when no broker exists any more: the daemon's brokers vanish (the test destroys its
    /// embedded cluster), then SIGTERM. The drain, the final commit and the leave cannot complete;
    /// the stop watchdog ends the process with status 70 after `drain_timeout_seconds` + 10 s.
    @Suite struct FaultStopWithoutBrokersTests {
        @Test func stopWithoutBrokersExitsSeventyWithinTheBound() async throws {
            let drainSeconds = 2
            let bound = Duration.seconds(drainSeconds + 10)
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                let daemon = try environment.startDaemon(
                    name: "no-brokers", environment: ["READINESSD_PROCESSING_DRAIN_TIMEOUT_SECONDS": "\(drainSeconds)"])
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                let positions = try await environment.produce(FaultCorpus.requests(50, prefix: "no-brokers"))
                try await Wait.until("the daemon answered its requests", timeout: .seconds(60)) {
                    positions.allSatisfy { environment.collector.hasAnswered($0) }
                }
                // The test's own clients leave first; then every broker disappears.
                await environment.collector.consumer.close()
                await environment.producer.close()
                await environment.cluster.close()

                let started = ContinuousClock.now
                let status = try await daemon.terminate(timeout: bound + .seconds(20))
                let elapsed = ContinuousClock.now - started
                let log = daemon.log
                print("fault-round stop-without-brokers: exit \(status) after \(elapsed) (bound \(bound))")
                #expect(status == 70, "a stop that overruns its bound exits 70 (EX_SOFTWARE)")
                #expect(elapsed >= bound - .milliseconds(500), "the watchdog allows the whole bound")
                #expect(elapsed < bound + .seconds(5), "the stop ends within drain_timeout_seconds + 10 s")
                let line = log.split(separator: "\n").first { $0.contains("stop watchdog: the stop did not finish in time") }
                #expect(line?.contains("critical") == true, "the watchdog logs at critical level: \(log.suffix(2000))")
                #expect(log.contains("stopping: draining in-flight outputs"), "the stop had begun")
            }
        }
    }
}
