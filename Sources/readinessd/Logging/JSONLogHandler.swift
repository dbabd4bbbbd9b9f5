#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line, journald-friendly:
/// `{"ts":"…","level":"info","logger":"readinessd","msg":"…","source":"KafkaClient", <metadata>…}`
/// (`source` is the emitting module).
///
/// Each line is written with a single `write(2)` so lines from different
/// threads never interleave. Metadata whose key names a secret (`password`,
/// `secret`, `token`, `api_key`, `private_key`, `authorization`) is written as
/// `[redacted]` — a last line of defence; nothing is meant to log such values.
struct JSONLogHandler: LogHandler {
    /// Where lines go (stderr in the daemon; a collecting closure in tests).
    let sink: @Sendable ([UInt8]) -> Void
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A handler writing to file descriptor `fd`.
    static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            JSONLogHandler.writeLock.withLock { _ in
                line.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                        if written <= 0 { if errno == EINTR { continue } else { return } }
                        offset += written
                    }
                }
            }
        }
    }

    private static let writeLock = Mutex(())

    init(label: String, sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        sink(JSONLogHandler.encode(timestamp: Date(), level: event.level, label: label,
                                   message: event.message.description, source: event.source, metadata: merged))
    }

    /// Encodes one line (ending in `\n`); keys are written in a fixed order, metadata sorted by key.
    static func encode(timestamp: Date, level: Logger.Level, label: String, message: String, source: String,
                       metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + message.utf8.count)
        out += #"{"ts":"#.utf8
        appendString(formatTimestamp(timestamp), to: &out)
        out += #","level":"#.utf8
        appendString(level.rawValue, to: &out)
        out += #","logger":"#.utf8
        appendString(label, to: &out)
        out += #","msg":"#.utf8
        appendString(message, to: &out)
        out += #","source":"#.utf8
        appendString(source, to: &out)
        for key in metadata.keys.sorted() where !reservedKeys.contains(key) {
            out.append(UInt8(ascii: ","))
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendValue(isSecretKey(key) ? .string("[redacted]") : metadata[key]!, to: &out)
        }
        out += "}\n".utf8
        return out
    }

    private static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg", "source"]

    private static let secretWords = ["password", "secret", "token", "api_key", "private_key", "authorization"]

    static func isSecretKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return secretWords.contains { lower.contains($0) }
    }

    private static func appendValue(_ value: Logger.Metadata.Value, to out: inout [UInt8]) {
        switch value {
        case .string(let string): appendString(string, to: &out)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendValue(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            out.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(isSecretKey(key) ? .string("[redacted]") : dictionary[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `string` as a JSON string literal (control characters escaped, UTF-8 kept).
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// RFC 3339 UTC with milliseconds, e.g. `2026-06-02T10:15:30.123Z`.
    static func formatTimestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
    }
}
