import Foundation

extension DaemonProcess {
    /// What a running daemon says about itself when a scenario waits in vain: its log path, `/healthz`,
    /// `/readyz`, the pipeline's progress metrics, and — where `gdb` is installed — where every thread is
    /// (a file next to the log). Tells an intake stuck inside a batch (`/healthz` 503, outputs in flight)
    /// from a consumer that fetches nothing (`/healthz` 200, nothing in flight, lag).
    func diagnostics() -> String {
        var lines = ["daemon log \(logPath)"]
        guard process.isRunning, let port = loggedHTTPPort else {
            return (lines + ["not running or no operations listener"]).joined(separator: "\n")
        }
        for path in ["/healthz", "/readyz"] {
            let answer = (try? HTTPGet.get(port: port, path)).map { "\($0.status) \($0.body)" } ?? "no answer"
            lines.append("\(path): \(answer.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        if let metrics = try? HTTPGet.get(port: port, "/metrics") {
            let wanted = ["readinessd_in_flight_outputs", "readinessd_requests_consumed_total", "readinessd_assigned_partitions",
                          "readinessd_intake_stall", "readinessd_consumer_lag_all_partitions", "readinessd_produce_retries_total"]
            lines += metrics.body.split(separator: "\n").filter { line in wanted.contains { line.hasPrefix($0) } }.map(String.init)
        }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb") {
            let stacks = logPath + ".threads"
            let gdb = Process()
            gdb.executableURL = URL(fileURLWithPath: "/usr/bin/gdb")
            gdb.arguments = ["-p", "\(process.processIdentifier)", "-batch", "-ex", "thread apply all bt 12"]
            _ = FileManager.default.createFile(atPath: stacks, contents: nil)
            if let handle = FileHandle(forWritingAtPath: stacks) {
                gdb.standardOutput = handle
                gdb.standardError = handle
                if (try? gdb.run()) != nil { gdb.waitUntilExit() }
                try? handle.close()
                lines.append("thread stacks \(stacks)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
