import Foundation
import Testing

/// A `readinessd fleet` process started by a test: stdin from a string,
/// stdout and stderr captured to files, waited for on its exit (never a sleep).
final class FleetProcess: @unchecked Sendable {
    let process = Process()
    private let directory: String

    init(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws {
        directory = NSTemporaryDirectory() + "readinessd-fleet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["stdout", "stderr"] { _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: nil) }
        _ = FileManager.default.createFile(atPath: "\(directory)/stdin", contents: Data(stdin.utf8))
        process.executableURL = DaemonProcess.executable
        process.arguments = ["fleet"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(directory)/stdout"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(directory)/stderr"))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: "\(directory)/stdin"))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    var stdout: String { (try? String(contentsOfFile: "\(directory)/stdout", encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: "\(directory)/stderr", encoding: .utf8)) ?? "" }

    /// Waits for the exit; returns the status.
    func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        try await Wait.until("readinessd fleet exits", timeout: timeout) { !self.process.isRunning }
        return process.terminationStatus
    }

    /// Runs `readinessd fleet arguments…` to completion.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                    timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
        let fleet = try FleetProcess(arguments, stdin: stdin, environment: environment)
        let status = try await fleet.exitStatus(timeout: timeout)
        return (status, fleet.stdout, fleet.stderr)
    }
}
