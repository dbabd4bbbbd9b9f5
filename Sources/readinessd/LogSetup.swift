import Foundation
import KafkaClient
import Logging

/// Process-wide logging set-up.
enum LogSetup {
    /// Sends logs to stderr at `level` in `format` (`auto` picks JSON under systemd), every line
    /// filtered through `secrets` (``SecretFilteringLogHandler``); returns the daemon's logger.
    static func bootstrap(level: String, format: LogFormat = .text, secrets: KafkaSecretScrubber = .none,
                          environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        let resolved = format.resolved(environment: environment)
        // Under systemd with stderr on the journal, `auto` sends entries with their fields (JournaldLogHandler).
        let journald = format == .auto && JournaldLogHandler.standardErrorIsJournal(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = if journald {
                JournaldLogHandler(label: label)
            } else {
                switch resolved {
                case .json, .auto: JSONLogHandler.standardError(label: label)
                case .text: StreamLogHandler.standardError(label: label)
                }
            }
            handler.logLevel = logLevel
            return SecretFilteringLogHandler(wrapping: handler, scrubber: secrets)
        }
        var logger = Logger(label: "readinessd")
        logger.logLevel = logLevel
        return logger
    }
}
