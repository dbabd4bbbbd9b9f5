import Foundation
import Synchronization
import Testing

/// A `readinessd` process started by a test, with its stderr captured to a file.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String
    private let logHandle: FileHandle

    /// The built `readinessd` next to the test bundle.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("readinessd").path),
              directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("readinessd")
    }

    /// Set for every test daemon unless the test overrides them: a kernel-chosen port for the operations
    /// listener (daemons run side by side, and other checkouts' tests may hold the default port) and text logs
    /// even when the test runner itself runs under systemd.
    static let defaultEnvironment = ["READINESSD_HTTP_ADDRESS": "127.0.0.1:0", "READINESSD_LOG_FORMAT": "text"]

    /// Starts `readinessd arguments…` with `environment` added to the test's own.
    init(_ arguments: [String], environment: [String: String] = [:], name: String = "daemon") throws {
        logPath = NSTemporaryDirectory() + "readinessd-\(name)-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = DaemonProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(DaemonProcess.defaultEnvironment) { $1 }
            .merging(environment) { $1 }
        process.standardError = logHandle
        process.standardOutput = logHandle
        try process.run()
    }

    deinit {
        if process.isRunning { process.interrupt(); kill(process.processIdentifier, SIGKILL) }
        try? logHandle.close()
    }

    /// Everything the process logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Duration = .seconds(30)) async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        return try await waitForExit(timeout: timeout)
    }

    /// Sends SIGKILL and waits for the process to be gone.
    func crash() async throws {
        kill(process.processIdentifier, SIGKILL)
        _ = try await waitForExit(timeout: .seconds(10))
    }

    /// Waits until the process exits; returns its status.
    func waitForExit(timeout: Duration) async throws -> Int32 {
        try await Wait.until("readinessd exits", timeout: timeout) { !self.process.isRunning }
        return process.terminationStatus
    }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, timeout: Duration = .seconds(30)) async throws {
        try await Wait.until("log line containing \"\(text)\"", timeout: timeout) { self.log.contains(text) }
    }
}
