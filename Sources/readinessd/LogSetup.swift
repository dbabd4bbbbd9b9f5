import Foundation
import Logging

/// Process-wide logging set-up.
enum LogSetup {
    /// Sends logs to stderr at `level` in `format` (`auto` picks JSON under systemd); returns the daemon's logger.
    static func bootstrap(level: String, format: LogFormat = .text,
                          environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        let resolved = format.resolved(environment: environment)
        // Under systemd with stderr on the journal, `auto` sends entries with their fields (JournaldLogHandler).
        let journald = format == .auto && JournaldLogHandler.standardErrorIsJournal(environment: environment)
        LoggingSystem.bootstrap { label in
            if journald {
                var handler = JournaldLogHandler(label: label)
                handler.logLevel = logLevel
                return handler
            }
            switch resolved {
            case .json, .auto:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = logLevel
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = logLevel
                return handler
            }
        }
        var logger = Logger(label: "readinessd")
        logger.logLevel = logLevel
        return logger
    }
}
