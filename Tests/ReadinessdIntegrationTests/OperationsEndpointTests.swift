import Foundation
import KafkaClient
import Testing

extension IntegrationTests {
    /// The operations listener: `/readyz` 503 until the group is joined, then 200; `/healthz` 200;
    /// `/metrics` counters and per-partition lag moving while a backlog is worked off.
    @Suite struct OperationsEndpointTests {
        static let backlog = 20_000

        @Test func probesAndMetricsFollowTheDaemonThroughALoad() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                // Keep the daemon out of its group until the test lets it in.
                try await environment.cluster.pushRequestErrors(
                    apiKey: EmbeddedKafkaCluster.APIKey.joinGroup,
                    errors: Array(repeating: .coordinatorNotAvailable, count: 100_000))
                let daemon = try DaemonProcess(["run", "--config", environment.configPath], environment: [
                    "READINESSD_PROCESSING_MAX_IN_FLIGHT": "1000", "READINESSD_KAFKA_STATISTICS_INTERVAL_MS": "200",
                ], name: "operations")
                let port = try await daemon.httpPort()
                try await Wait.until("the snapshot is loaded") {
                    (try? HTTPGet.get(port: port, "/readyz").body.contains("not joined")) ?? false
                }
                let notReady = try HTTPGet.get(port: port, "/readyz")
                #expect(notReady.status == 503)
                #expect(notReady.body == "not joined the consumer group yet\n")
                #expect(try HTTPGet.get(port: port, "/healthz").status == 200)
                #expect(try HTTPGet.get(port: port, "/nothing-here").status == 404)

                // A backlog waits in the input topic while the daemon cannot join.
                try await environment.produce(RequestCorpus.requests(0..<Self.backlog, prefix: "ops"))
                // Slow acknowledgements so that the backlog takes several statistics intervals to work off.
                for broker in Int32(1)...3 { try await environment.cluster.setBrokerRTT(broker, milliseconds: 40) }
                try await environment.cluster.clearRequestErrors(apiKey: EmbeddedKafkaCluster.APIKey.joinGroup)
                try await Wait.until("/readyz answers 200", timeout: .seconds(60)) {
                    (try? HTTPGet.get(port: port, "/readyz").status) == 200
                }
                #expect(try HTTPGet.get(port: port, "/readyz").body.hasPrefix("ready: 2 partitions assigned, registry revision 2026.06.02-1"))

                var scrapes: [MetricsScrape] = []
                // Judged from the daemon's own figures, not by reading the output topics: 20,000 answers
                // exceed the embedded broker's ~5 MiB per partition, so a reader that falls behind a fast
                // daemon finds old answers already dropped. Committed offsets at the end (below) prove
                // that every answer was acknowledged by the broker.
                try await Wait.until("every request consumed", timeout: .seconds(120)) {
                    guard let scrape = try? daemon.scrape(port: port) else { return false }
                    scrapes.append(scrape)
                    return scrape.sum("readinessd_requests_consumed_total") >= Double(Self.backlog)
                }
                try await Wait.until("lag back to 0 and the committed offsets at the end", timeout: .seconds(30)) {
                    guard let scrape = try? daemon.scrape(port: port) else { return false }
                    scrapes.append(scrape)
                    return scrape.has("readinessd_consumer_lag") && scrape.sum("readinessd_consumer_lag") == 0
                        && scrape.sum("readinessd_consumer_committed_offset") == Double(Self.backlog)
                }
                let last = try #require(scrapes.last)

                // Counters moved during the load and add up at the end.
                let consumed = scrapes.map { $0.sum("readinessd_requests_consumed_total") }
                #expect(Set(consumed).count >= 3, "the consumed counter was seen at several values: \(Set(consumed).sorted())")
                #expect(consumed == consumed.sorted(), "counters never go down")
                #expect(last.sum("readinessd_requests_consumed_total") == Double(Self.backlog))
                let rejections = Double(Self.backlog / 5)
                #expect(last.sum("readinessd_rejections_total") == rejections)
                #expect(last.sum("readinessd_responses_total") == Double(Self.backlog) - rejections)
                // The corpus asks a few questions over and over: most answers come from the response cache.
                let cached = last.sum("readinessd_cached_responses_total")
                #expect(cached > 0 && cached < last.sum("readinessd_responses_total"), "cached responses: \(cached)")
                // ... so the cache never rests on it (the counter is exported from the start).
                #expect(last.has("readinessd_response_cache_rests_total"))
                #expect(last.sum("readinessd_response_cache_rests_total") == 0)
                #expect(last.sum("readinessd_rejections_total", #"reason="sensitive_material""#) == rejections / 5)
                #expect(last.sum("readinessd_rejections_total", #"reason="empty_message""#) == rejections / 5)
                for status in ["ready", "unknown", "degraded", "blocked"] {
                    #expect(last.samples[#"readinessd_responses_total{status="\#(status)"}"#] != nil)
                }
                #expect(last.sum("readinessd_batch_processing_seconds_count") > 0)
                #expect(last.sum("readinessd_rebalance_events_total", #"event="assigned""#) >= 1)
                #expect(last.sum("readinessd_assigned_partitions") == 2)
                #expect(last.sum("readinessd_in_flight_outputs") >= 0)
                #expect(last.sum("readinessd_snapshot_info", #"revision="2026.06.02-1""#) == 1)
                #expect(last.has("readinessd_produce_errors_total"))

                // Lag was seen above zero and then falling, per partition.
                let lags = scrapes.map { $0.sum("readinessd_consumer_lag") }.filter { $0 > 0 }
                #expect(!lags.isEmpty, "lag was observed above zero during the load")
                #expect(Set(lags).count >= 2, "lag moved: \(lags)")
                for partition in 0..<2 {
                    #expect(last.samples[#"readinessd_consumer_lag{topic="policy-registry-readiness.requests",partition="\#(partition)"}"#] == 0)
                }
                #expect(try await daemon.terminate() == 0)
            }
        }
    }
}
