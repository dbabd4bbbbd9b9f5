#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// A swift-log handler speaking journald's native protocol (one datagram per
/// entry to `/run/systemd/journal/socket`), so that each entry carries its
/// level and metadata as journal fields: `journalctl -o json` shows
/// `LEVEL`, `LOGGER`, `SOURCE`, `PRIORITY` and one upper-cased field per
/// metadata key (`partition` → `PARTITION`; a key clashing with those or with
/// journald's own fields gets a `META_` prefix), and
/// `journalctl -u readinessd PARTITION=3` filters on them.
///
/// `log.format: auto` picks it when stderr is the journal (`$JOURNAL_STREAM`
/// names stderr's device and inode). An entry the socket refuses (journald
/// gone, entry too large) is written to stderr as a JSON line instead, so
/// nothing is lost. Secret-named metadata is redacted as in `JSONLogHandler`.
struct JournaldLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let fallback: JSONLogHandler

    static let socketPath = "/run/systemd/journal/socket"

    init(label: String) {
        self.label = label
        self.fallback = JSONLogHandler.standardError(label: label)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// `true` when stderr is connected to the journal (systemd's documented test:
    /// `$JOURNAL_STREAM` is `device:inode` of stderr) and the journal socket exists.
    static func standardErrorIsJournal(environment: [String: String]) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0, UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode else { return false }
        return access(socketPath, F_OK) == 0
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        let entry = JournaldLogHandler.encode(level: event.level, label: label, message: event.message.description,
                                              source: event.source, file: event.file, function: event.function,
                                              line: event.line, metadata: merged)
        if !JournaldLogHandler.socket.send(entry) {
            fallback.sink(JSONLogHandler.encode(timestamp: Date(), level: event.level, label: label,
                                                message: event.message.description, source: event.source,
                                                metadata: merged))
        }
    }

    /// syslog priority of a swift-log level (journald's `PRIORITY`).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Fields set by the handler itself or by journald; metadata keys mapping onto them get `META_`.
    private static let reservedFields: Set<String> = [
        "MESSAGE", "PRIORITY", "LEVEL", "LOGGER", "SOURCE", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
        "MESSAGE_ID", "ERRNO", "SYSLOG_FACILITY", "SYSLOG_PID", "SYSLOG_TIMESTAMP", "SYSLOG_RAW", "DOCUMENTATION",
        "TID", "UNIT", "USER_UNIT", "INVOCATION_ID", "USER_INVOCATION_ID",
    ]

    /// A journal field name for metadata key `key`: A–Z, 0–9 and `_`, not starting with `_` or a digit, ≤ 64 bytes.
    static func fieldName(_ key: String) -> String {
        var name = String(key.uppercased().unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "A"..."Z", "0"..."9": Character(scalar)
            default: "_"
            }
        })
        if name.isEmpty || name.first == "_" || name.first!.isNumber || reservedFields.contains(name) {
            name = "META_" + name
        }
        return String(name.prefix(64))
    }

    /// One native-protocol datagram.
    static func encode(level: Logger.Level, label: String, message: String, source: String, file: String,
                       function: String, line: UInt, metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + message.utf8.count)
        func field(_ name: String, _ value: String) {
            out += name.utf8
            if value.utf8.contains(0x0A) {
                // Binary-safe form: name, newline, little-endian 64-bit length, value, newline.
                out.append(0x0A)
                withUnsafeBytes(of: UInt64(value.utf8.count).littleEndian) { out += $0 }
                out += value.utf8
            } else {
                out.append(UInt8(ascii: "="))
                out += value.utf8
            }
            out.append(0x0A)
        }
        field("MESSAGE", message)
        field("PRIORITY", String(priority(level)))
        field("SYSLOG_IDENTIFIER", "readinessd")
        field("LEVEL", level.rawValue)
        field("LOGGER", label)
        field("SOURCE", source)
        field("CODE_FILE", file)
        field("CODE_LINE", String(line))
        field("CODE_FUNC", function)
        for key in metadata.keys.sorted() {
            let value = JSONLogHandler.isSecretKey(key) ? "[redacted]" : render(metadata[key]!)
            field(fieldName(key), value)
        }
        return out
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    private static let socket = JournalSocket(path: socketPath)
}

/// One datagram socket shared by every handler; `sendto` is thread-safe.
private final class JournalSocket: Sendable {
    private let fd: Int32
    private let address: sockaddr_un

    init(path: String) {
        fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &storage.sun_path) { sunPath in
            for (index, byte) in bytes.enumerated() where index < sunPath.count - 1 { sunPath[index] = byte }
        }
        address = storage
    }

    /// Sends `datagram`; `false` when the journal did not take it.
    func send(_ datagram: [UInt8]) -> Bool {
        guard fd >= 0 else { return false }
        var storage = address
        return datagram.withUnsafeBytes { buffer in
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress,
                           socklen_t(MemoryLayout<sockaddr_un>.size)) == buffer.count
                }
            }
        }
    }
}
