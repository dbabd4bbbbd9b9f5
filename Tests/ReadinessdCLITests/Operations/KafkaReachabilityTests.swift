import KafkaClient
import Testing
@testable import ReadinessWorker
@testable import readinessd

/// The reachability state machine, the broker counts it reads and the `/readyz` verdict it drives.
@Suite("Kafka reachability")
struct KafkaReachabilityTests {
    let start = ContinuousClock.now

    func up(_ up: Int, attempted: Int = 3) -> KafkaReachability.Observation {
        .statistics(BrokerStatistics(up: up, attempted: attempted))
    }

    @Test func anOutageIsReportedOnceAndItsEndWithItsDuration() {
        var machine = KafkaReachability()
        #expect(machine.observe(up(3), at: start) == .none)
        #expect(machine.observe(.allBrokersDown, at: start + .seconds(1)) == .reportUnreachable)
        #expect(machine.observe(.allBrokersDown, at: start + .seconds(2)) == .none)
        #expect(machine.observe(up(0), at: start + .seconds(3)) == .none)
        #expect(machine.observe(up(1), at: start + .seconds(8)) == .reportReachableAgain(after: .seconds(7)))
        #expect(machine.observe(up(3), at: start + .seconds(9)) == .none)
        #expect(machine.state == .reachable)
    }

    @Test func statisticsWithoutABrokerUpDeclareAnOutageOnceABrokerWasSeenUp() {
        var machine = KafkaReachability()
        // Start-up: connections still being made are not an outage.
        #expect(machine.observe(up(0), at: start) == .none)
        #expect(machine.state == .connecting)
        #expect(machine.observe(up(2), at: start + .seconds(1)) == .none)
        // Brokers never tried (sparse connections) are not an outage either.
        #expect(machine.observe(up(0, attempted: 0), at: start + .seconds(2)) == .none)
        #expect(machine.observe(up(0), at: start + .seconds(5)) == .reportUnreachable)
        #expect(machine.state == .unreachable(since: start + .seconds(5)))
    }

    @Test func allBrokersDownDuringStartUpIsAnOutage() {
        var machine = KafkaReachability()
        #expect(machine.observe(.allBrokersDown, at: start) == .reportUnreachable)
        #expect(machine.observe(up(1), at: start + .milliseconds(2500)) == .reportReachableAgain(after: .milliseconds(2500)))
    }

    @Test func brokerStatesAreCountedForRealBrokersOnly() throws {
        let json = """
            {"name":"c","brokers":{
              "127.0.0.1:1/bootstrap":{"name":"127.0.0.1:1/bootstrap","nodeid":-1,"source":"configured","state":"INIT"},
              "127.0.0.1:2/1":{"name":"127.0.0.1:2/1","nodeid":1,"source":"learned","state":"UP"},
              "127.0.0.1:3/2":{"name":"127.0.0.1:3/2","nodeid":2,"source":"learned","state":"TRY_CONNECT"},
              "GroupCoordinator":{"name":"GroupCoordinator","nodeid":-1,"source":"logical","state":"UP"},
              ":0/internal":{"name":":0/internal","nodeid":-1,"source":"internal","state":"UP"}},
             "topics":{}}
            """
        #expect(try BrokerStatistics.parse(json) == BrokerStatistics(up: 1, attempted: 2))
        #expect(try BrokerStatistics.parse(#"{"name":"c"}"#) == BrokerStatistics(up: 0, attempted: 0))
        #expect(throws: BrokerStatistics.ParseError.self) { try BrokerStatistics.parse("[") }
    }

    @Test func readinessSaysKafkaIsUnreachableUntilItIsReachableAgain() {
        let health = PipelineHealth()
        health.assigned([TopicPartition(topic: "requests", partition: 0)])
        health.kafkaUnreachable(since: start)
        let verdict = ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: .seconds(60),
                                             now: start + .seconds(4))
        #expect(verdict == ProbeVerdict(isUp: false, reason: "Kafka unreachable for 4 s: no broker answers; see the log"))
        health.kafkaReachable()
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: .seconds(60)).isUp)
    }

    @Test func theWatchAsksForStatisticsAtLeastEveryFiveSeconds() {
        #expect(KafkaReachabilityWatch.statisticsInterval(configuredMilliseconds: 0) == 5000)
        #expect(KafkaReachabilityWatch.statisticsInterval(configuredMilliseconds: 60_000) == 5000)
        #expect(KafkaReachabilityWatch.statisticsInterval(configuredMilliseconds: 200) == 200)
    }

    @Test func theClosestNameIsAPlausibleTypoOnly() {
        #expect(ClosestName.to("READINESSD_PROCESSING_LANE", among: ["READINESSD_PROCESSING_LANES", "READINESSD_LOG_LEVEL"])
                == "READINESSD_PROCESSING_LANES")
        #expect(ClosestName.to("READINESSD_SOMETHING_ELSE_ENTIRELY", among: ["READINESSD_LOG_LEVEL"]) == nil)
        #expect(ClosestName.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
    }
}
