import Foundation
import Testing

extension IntegrationTests {
    /// The daemon tells systemd READY only after joining, heartbeats the watchdog, and says STOPPING on SIGTERM.
    @Suite struct SystemdNotifyTests {
        @Test func notifiesReadyWatchdogStatusAndStopping() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                let socket = try NotifySocket()
                let daemon = try DaemonProcess(["run", "--config", environment.configPath],
                                               environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "2000000"],
                                               name: "notify")
                try await Wait.until("READY=1", timeout: .seconds(30)) { socket.drain().contains { $0.contains("READY=1") } }
                #expect(daemon.log.contains("partitions assigned"), "READY=1 only after the consumer joined")
                try await Wait.until("WATCHDOG=1 heartbeats", timeout: .seconds(10)) {
                    socket.drain().filter { $0 == "WATCHDOG=1" }.count >= 2
                }
                try await environment.produce(RequestCorpus.requests(0..<50))
                try await Wait.until("a STATUS line with the registry revision", timeout: .seconds(20)) {
                    socket.drain().contains { $0.hasPrefix("STATUS=") && $0.contains("registry revision 2026.06.02-1") }
                }
                #expect(try await daemon.terminate() == 0)
                let messages = socket.drain()
                let ready = try #require(messages.firstIndex { $0.contains("READY=1") })
                let stopping = try #require(messages.firstIndex { $0.contains("STOPPING=1") })
                #expect(ready < stopping)
                #expect(messages.first { $0.contains("READY=1") }?.contains("STATUS=assigned 2 partitions") == true)
            }
        }
    }
}
