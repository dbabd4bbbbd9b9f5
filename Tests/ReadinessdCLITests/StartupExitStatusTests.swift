import Foundation
import Testing
import TestSupport
@testable import readinessd

/// `readinessd run` start-up failures: one line, a documented status, nothing started before a
/// configuration problem is found (issue 23, item 6).
@Suite("readinessd run start-up exit statuses")
struct StartupExitStatusTests {
    /// A configuration with the fixture snapshot, the operations listener on a free port and info logs.
    /// `kafka` lines go under `kafka:` (indented by two spaces).
    static func config(snapshot: String = CLI.fixture("registry.json"), bootstrap: String = "embedded",
                       kafka: [String] = []) throws -> String {
        try CheckConfigTests.write("""
            kafka:
              bootstrap_servers: \(bootstrap)
            \(kafka.map { "  " + $0 + "\n" }.joined())registry:
              snapshot: \(snapshot)
            http:
              address: 127.0.0.1:0
            log:
              level: info
              format: text
            """)
    }

    /// Lines a start-up must not have logged when it stopped on a configuration problem.
    static let startedSomething = ["operations listener", "embedded Kafka broker", "kafka.facility", "stopped cleanly"]

    @Test func aMistypedEnvironmentOverrideIsRefusedWithTheClosestName() throws {
        // Pointed at a port nobody listens on, so a daemon that ignored the variable would still exit (69, or 1 before).
        let closed = try #require(LoopbackSocket())  // bound, not listening: connections are refused
        let config = try Self.config(bootstrap: "127.0.0.1:\(closed.port)", kafka: ["startup_timeout_seconds: 2"])
        let result = try CLI.run(["run", "--config", config], environment: ["READINESSD_PROCESSING_LANE": "4"])
        #expect(result.status == 78)
        let lines = result.stderrText.split(separator: "\n").filter { !$0.contains("starting readinessd") }
        #expect(lines.count == 1, "\(lines)")
        #expect(result.stderrText.contains("unknown environment variable READINESSD_PROCESSING_LANE"))
        #expect(result.stderrText.contains("did you mean READINESSD_PROCESSING_LANES?"))
        for marker in Self.startedSomething { #expect(!result.stderrText.contains(marker), "\(marker)") }
        withExtendedLifetime(closed) {}  // the port stays refused until the run is over
    }

    @Test func propertyToolAndKnownVariablesAreAccepted() throws {
        let result = try CLI.run(["check-config", "--config", try Self.config()], environment: [
            "READINESSD_PROCESSING_LANES": "4", "READINESSD_KAFKA_CONSUMER_PROPERTIES_FETCH_WAIT_MAX_MS": "20",
            "READINESSD_SOAK": "0", "READINESSD_FAULT_WAIT_SECONDS": "30", "READINESSD_BENCH_PREFETCH": "speed",
            "READINESSD_FLEET_REPORT": "/tmp/report.json", "READINESSD_KAFKA_BROKER_PROFILE": "mock",
        ])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("lanes: 4"))
    }

    @Test func aMissingSnapshotExits78BeforeTheListenerOrKafkaStarts() throws {
        let result = try CLI.run(["run", "--config", try Self.config(snapshot: "/nonexistent/registry.json")])
        #expect(result.status == 78)
        #expect(result.stderrText.contains("/nonexistent/registry.json"))
        for marker in Self.startedSomething { #expect(!result.stderrText.contains(marker), "\(marker)") }
    }

    @Test func aRefusedLibrdkafkaPropertyExits78BeforeAnythingStarts() throws {
        let result = try CLI.run(["run", "--config", try Self.config(kafka: ["properties:", "  not.a.librdkafka.property: x"])])
        #expect(result.status == 78)
        #expect(result.stderrText.contains("not.a.librdkafka.property"))
        for marker in Self.startedSomething { #expect(!result.stderrText.contains(marker), "\(marker)") }
    }

    @Test func aBrokerThatDoesNotAnswerExits69WithOneLine() throws {
        // A port nobody listens on: bound, never listened, closed after the run.
        let closed = try #require(LoopbackSocket())  // bound, not listening: connections are refused
        let started = ContinuousClock.now
        let config = try Self.config(bootstrap: "127.0.0.1:\(closed.port)", kafka: ["startup_timeout_seconds: 2"])
        let result = try CLI.run(["run", "--config", config], environment: ["READINESSD_LOG_LEVEL": "warning"])
        let took = ContinuousClock.now - started
        #expect(result.status == 69)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("no Kafka broker answered at 127.0.0.1:\(closed.port) (kafka.bootstrap_servers) within 2.") == true)
        #expect(took < .seconds(15), "exited after \(took)")
    }
}

/// The exit statuses are one named set, and the systemd unit stops restarting on 78.
@Suite("exit statuses")
struct ExitStatusTableTests {
    static let repositoryRoot = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent().path

    @Test func theUnitDoesNotRestartOnAConfigurationProblem() throws {
        let unit = try String(contentsOfFile: Self.repositoryRoot + "/Deploy/systemd/readinessd.service", encoding: .utf8)
        #expect(unit.split(separator: "\n").contains("RestartPreventExitStatus=78"))
    }

    @Test func everyStatusIsInTheReadmeTable() throws {
        let readme = try String(contentsOfFile: Self.repositoryRoot + "/README.md", encoding: .utf8)
        for status in ExitStatus.allCases {
            #expect(readme.contains("| \(status.rawValue) |"), "README.md's exit-code table lists exit status \(status.rawValue)")
        }
        #expect(ExitStatus.configuration.rawValue == 78 && ExitStatus.kafkaUnavailable.rawValue == 69)
    }
}
