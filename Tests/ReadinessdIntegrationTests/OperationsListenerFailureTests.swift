import Foundation
import Testing
import TestSupport

extension IntegrationTests {
    /// A listener that cannot bind stops the daemon with one line naming `http.address`, status 78,
    /// before the Kafka broker or clients start.
    @Suite struct OperationsListenerFailureTests {
        @Test func aBusyPortIsOneLineAndExitStatus78BeforeKafkaStarts() async throws {
            // Hold a port so the daemon cannot bind it.
            let held = try #require(LoopbackSocket(listening: true))
            let port = held.port
            let daemon = try DaemonProcess(
                ["run", "--config", EmbeddedDefaultTests.repositoryRoot + "/Config/readinessd.yaml"],
                environment: ["READINESSD_HTTP_ADDRESS": "127.0.0.1:\(port)", "READINESSD_LOG_LEVEL": "info"],
                name: "busy-port")
            #expect(try await daemon.waitForExit(timeout: .seconds(60)) == 78)
            let lines = daemon.log.split(separator: "\n").filter { !$0.contains("starting readinessd") }
            #expect(lines.count == 1, "\(lines)")
            #expect(!daemon.log.contains("embedded Kafka broker") && !daemon.log.contains("stopped cleanly"))
            #expect(lines.first?.hasPrefix("readinessd: cannot serve HTTP on 127.0.0.1:\(port) (http.address)") == true)
            withExtendedLifetime(held) {}  // the port stays busy until the daemon has exited
        }
    }
}
