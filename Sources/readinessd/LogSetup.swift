import Logging

/// Process-wide logging set-up.
enum LogSetup {
    /// Sends logs to stderr at `level`; returns the daemon's logger.
    static func bootstrap(level: String) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        var logger = Logger(label: "readinessd")
        logger.logLevel = logLevel
        return logger
    }
}
