import Foundation
import Synchronization
import Testing

extension IntegrationTests {
    /// Scenario 6: hostile input at full rate, interleaved with valid traffic: every message gets the
    /// right answer, the daemon's memory stays bounded and valid requests keep their latency.
    @Suite struct FaultHostileInputTests {
        @Test func hostileInputAtFullRate() async throws {
            let count = FaultScale.requests
            let requests = HostileCorpus.interleaved(count, heavyEvery: FaultScale.soak ? 5000 : 500)
            let latencies = Locked<[Duration]>([])
            let storing = Locked<[Duration]>([])
            let peak = Locked(0)
            // The request producer compresses, so the embedded broker can store the 10 MB values (see HostileCorpus.heavy).
            try await IntegrationEnvironment.with(partitions: FaultScale.partitions,
                                                  producerProperties: ["compression.codec": "lz4"]) { environment in
                // The same backlog in CI and soak: a probe waits behind at most 1,000 queued messages.
                let driver = LoadDriver(environment, requests: requests, backlog: 1000)
                let daemon = try environment.startDaemon(name: "hostile")
                try await daemon.waitForLog("partitions assigned", timeout: .seconds(60))
                // Valid probes, one at a time, while the hostile load runs. A probe's latency is the daemon's
                // part: from the broker's acknowledgement of the probe to its answer. The test producer's own
                // part (it shares its queue with the 10 MB values) is printed, not judged.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await driver.run() }
                    group.addTask {
                        var probe = 0
                        while driver.producedCount < count {
                            let start = ContinuousClock.now
                            let position = try await environment.produce([FaultCorpus.request(probe * 10, prefix: "probe")])[0]
                            let stored = ContinuousClock.now
                            try await Wait.until("probe \(probe) answered") { environment.collector.hasAnswered(position) }
                            let answered = ContinuousClock.now
                            storing.withLock { $0.append(stored - start) }
                            latencies.withLock { $0.append(answered - stored) }
                            probe += 1
                        }
                    }
                    try await group.waitForAll()
                }
                try await driver.waitForAnswers(count + latencies.withLock { $0.count }, "hostile run answered")
                peak.withLock { $0 = Self.peakResidentKilobytes(daemon.process.processIdentifier) }
                #expect(try await daemon.terminate() == 0)
                let verifier = FaultVerifier(requests: requests, positions: driver.positions, expected: try ExpectedAnswers())
                let figures = verifier.verify(environment.collector.all, scenario: "hostile", recovery: RecoveryClock())
                #expect(figures.unexpected == latencies.withLock { $0.count }, "only the probes are outside the corpus")
                Self.expectTenMegabyteValuesOversized(requests, positions: driver.positions, outputs: environment.collector.all)
            }
            let sorted = latencies.withLock { $0 }.sorted()
            let kilobytes = peak.withLock { $0 }
            let produce = storing.withLock { $0 }.sorted()
            print("fault-round hostile: \(sorted.count) probes, stored → answered p50 \(sorted[sorted.count / 2]), max \(sorted.last!); "
                + "test producer send → stored max \(produce.last ?? .zero); daemon peak RSS \(kilobytes / 1024) MiB")
            #expect(sorted.count >= 3, "probes ran during the hostile load")
            #expect(sorted[sorted.count / 2] < .milliseconds(500), "valid requests keep their latency (median)")
            #expect(sorted.last! < .seconds(3), "valid requests keep their latency (worst)")
            #expect(kilobytes > 0 && kilobytes < 768 * 1024, "the daemon's memory stays bounded")
        }

        /// Every 10 MB value of the run (JSON document and raw bytes) was sent and became an `oversized` rejection.
        static func expectTenMegabyteValuesOversized(_ requests: [FaultRequest], positions: [SourcePosition],
                                                     outputs: [OutputMessage]) {
            let huge = Set(requests.indices.filter { (requests[$0].value?.count ?? 0) >= HostileCorpus.tenMegabytes }
                .map { positions[$0] })
            let jsonDocuments = requests.filter { ($0.value?.count ?? 0) >= HostileCorpus.tenMegabytes && $0.value?.first == UInt8(ascii: "{") }
            #expect(jsonDocuments.count >= 1 && huge.count > jsonDocuments.count, "the run sent 10 MB JSON documents and raw bytes")
            let answers = outputs.filter { huge.contains(SourcePosition(partition: $0.sourcePartition, offset: $0.sourceOffset)) }
            #expect(Set(answers.map { SourcePosition(partition: $0.sourcePartition, offset: $0.sourceOffset) }) == huge,
                    "every 10 MB value was answered")
            #expect(answers.allSatisfy { $0.header("x-rejection-reason") == "oversized" && $0.valueText.contains(#""reason":"oversized""#) },
                    "every 10 MB value became an oversized rejection")
            print("fault-round hostile: \(huge.count) values of 10 MB (\(jsonDocuments.count) JSON documents) answered as oversized")
        }

        /// `VmHWM` of `pid` in KiB (0 when unreadable).
        static func peakResidentKilobytes(_ pid: Int32) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
    }
}
