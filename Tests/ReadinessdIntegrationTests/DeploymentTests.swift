import Foundation
import Testing

extension IntegrationTests {
    /// The shipped systemd units pass `systemd-analyze verify` and score ≤ 2.0 on `security --offline=true`.
    @Suite struct DeploymentTests {
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is installed"))
        func unitsPassSystemdAnalyze() throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [root.appendingPathComponent("Deploy/check-units.sh").path, DaemonProcess.executable.path]
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
    }
}
