import Foundation
import Testing

/// Crashes and rebalances lose nothing (duplicates allowed).
extension IntegrationTests {
@Suite struct DaemonCrashTests {
    @Test func sigkillMidRunThenRestartLosesNothing() async throws {
        try await IntegrationEnvironment.with(partitions: 4) { environment in
            let count = 20_000
            let positions = try await environment.produce(RequestCorpus.requests(0..<count))
            let first = try environment.startDaemon(name: "killed")
            try await Wait.until("some outputs before the crash", timeout: .seconds(60)) { environment.collector.count >= 1000 }
            try await first.crash()
            #expect(environment.collector.answeredSources.count < count, "the kill lands mid-run")

            let second = try environment.startDaemon(name: "restarted")
            try await Wait.until("every request answered after restart", timeout: .seconds(90)) {
                environment.collector.answeredSources.isSuperset(of: positions)
            }
            #expect(try await second.terminate() == 0)
            let outputs = environment.collector.all
            print("sigkill: \(count) requests, \(outputs.count) outputs, \(outputs.count - count) duplicates, lost 0")
        }
    }

    @Test func secondInstanceJoiningMidRunLosesNothing() async throws {
        try await IntegrationEnvironment.with(partitions: 6) { environment in
            let count = 6000
            let positions = try await environment.produce(RequestCorpus.requests(0..<count))
            let first = try environment.startDaemon(name: "first")
            try await Wait.until("processing started", timeout: .seconds(60)) { environment.collector.count >= 100 }
            let second = try environment.startDaemon(name: "second")
            try await second.waitForLog("partitions assigned", timeout: .seconds(60))
            try await first.waitForLog("partitions revoked", timeout: .seconds(60))
            try await Wait.until("every request answered", timeout: .seconds(90)) {
                environment.collector.answeredSources.isSuperset(of: positions)
            }
            #expect(try await first.terminate() == 0)
            #expect(try await second.terminate() == 0)
        }
    }
}
}
