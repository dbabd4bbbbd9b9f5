import Foundation
import Testing

extension IntegrationTests {
    /// The shipped systemd units pass `systemd-analyze verify` and score ≤ 2.0 on `security --offline=true`,
    /// and carry the settings a real systemd needs (Deploy/test-systemd.sh boots one and checks the rest).
    @Suite struct DeploymentTests {
        static var repositoryRoot: URL {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
        }

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is installed"))
        func unitsPassSystemdAnalyze() throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [Self.repositoryRoot.appendingPathComponent("Deploy/check-units.sh").path,
                                 DaemonProcess.executable.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("readinessd.service: exposure"))
            #expect(text.contains("readinessd-fleet.service: exposure"))
            #expect(text.contains("readinessd-fleet.timer: verified"))
        }

        /// The directives issue 24 found missing when the unit first ran under a real systemd.
        @Test func serviceUnitCarriesTheOperationalSettings() throws {
            let unit = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Deploy/systemd/readinessd.service"),
                                  encoding: .utf8)
            let lines = Set(unit.split(separator: "\n").map(String.init))
            for directive in ["RestartPreventExitStatus=78", "LimitCORE=0", "RuntimeDirectory=readinessd",
                              "ConfigurationDirectoryMode=0755", "DynamicUser=yes", "Type=notify"] {
                #expect(lines.contains(directive), "missing \(directive)")
            }
            for key in ["MemoryHigh=", "MemoryMax=", "TasksMax=", "WatchdogSec=", "TimeoutStopSec="] {
                #expect(lines.contains { $0.hasPrefix(key) }, "missing \(key)")
            }
            // Dispatch's per-thread setpriority must not be filtered (it logged errno=1 per worker thread).
            let denied = lines.filter { $0.hasPrefix("SystemCallFilter=~") }.joined(separator: " ")
            #expect(!denied.contains("@resources") && !denied.contains("setpriority"), "\(denied)")
        }

        /// Under systemd (`$RUNTIME_DIRECTORY`), `run` publishes the embedded broker's address in the runtime
        /// directory, readable by the fleet unit's user, and removes it on a clean stop.
        @Test func embeddedBootstrapGoesToTheRuntimeDirectory() async throws {
            let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("readinessd-runtime-\(UUID())")
            try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: runtime) }
            let file = runtime.appendingPathComponent("embedded-bootstrap").path
            let daemon = try DaemonProcess(["run", "--config", Self.repositoryRoot.appendingPathComponent("Config/readinessd.yaml").path],
                                           environment: ["RUNTIME_DIRECTORY": runtime.path], name: "runtime-directory")
            try await daemon.waitForLog("embedded Kafka broker listening")
            let bootstrap = try #require(daemon.log.firstMatch(of: /bootstrap_servers=(127\.0\.0\.1:\d+)/)?.1).description
            try await Wait.until("the bootstrap file appears", timeout: .seconds(10)) {
                FileManager.default.fileExists(atPath: file)
            }
            let published = try String(contentsOfFile: file, encoding: .utf8)
            #expect(published == bootstrap + "\n")
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o644)
            #expect(try await daemon.terminate() == 0)
            #expect(!FileManager.default.fileExists(atPath: file), "withdrawn on a clean stop")
        }
    }
}
