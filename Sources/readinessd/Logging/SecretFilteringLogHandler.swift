import KafkaClient
import Logging

/// Wraps the process's log handler so that no line carries a configured secret.
///
/// Every event's message, metadata (keys' values, nested ones included), attached error and
/// the handler's own metadata pass through a ``KafkaSecretScrubber`` built from the values of
/// the configured secret librdkafka properties before the wrapped handler writes them. This
/// covers librdkafka's log callback text and error strings, which can echo a property value,
/// and anything else that happens to quote one, at every level (debug included).
struct SecretFilteringLogHandler: LogHandler {
    /// The handler that writes the filtered lines.
    private var wrapped: any LogHandler
    /// The secrets removed from every line.
    let scrubber: KafkaSecretScrubber
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Filters `wrapped`'s lines through `scrubber`.
    init(wrapping wrapped: any LogHandler, scrubber: KafkaSecretScrubber) {
        self.wrapped = wrapped
        self.scrubber = scrubber
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var filtered = event
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if !scrubber.isEmpty {
            filtered.message = "\(scrubber.scrub(event.message.description))"
            merged = merged.mapValues(scrub)
            if let error = event.error { filtered.error = ScrubbedError(description: scrubber.scrub("\(error)")) }
        }
        filtered.metadata = merged.isEmpty ? nil : merged
        wrapped.log(event: filtered)
    }

    private func scrub(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let string): .string(scrubber.scrub(string))
        case .stringConvertible(let convertible): .string(scrubber.scrub(convertible.description))
        case .array(let values): .array(values.map(scrub))
        case .dictionary(let dictionary): .dictionary(dictionary.mapValues(scrub))
        }
    }

    /// An attached error, described with the secrets removed.
    private struct ScrubbedError: Error, CustomStringConvertible {
        let description: String
    }
}
