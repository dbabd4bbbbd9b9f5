#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's notify protocol without libsystemd: one datagram per
/// message to the `AF_UNIX` socket named by `$NOTIFY_SOCKET` (a path, or an
/// abstract name when it starts with `@`). Without `$NOTIFY_SOCKET` every
/// call does nothing, so the daemon runs the same outside systemd.
struct SystemdNotifier: Sendable {
    private let address: [UInt8]?

    /// The interval systemd expects `WATCHDOG=1` within (`$WATCHDOG_USEC`), if the watchdog is on.
    let watchdogInterval: Duration?

    init(environment: [String: String]) {
        if let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty {
            var bytes = Array(socket.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
            address = bytes
        } else {
            address = nil
        }
        let watchdogPID = environment["WATCHDOG_PID"].flatMap { Int32($0) }
        if let microseconds = environment["WATCHDOG_USEC"].flatMap({ Int64($0) }), microseconds > 0,
           watchdogPID == nil || watchdogPID == getpid() {
            watchdogInterval = .microseconds(microseconds)
        } else {
            watchdogInterval = nil
        }
    }

    /// `true` when running under a systemd unit that listens for notifications.
    var isEnabled: Bool { address != nil }

    /// Sends `READY=1` with a status line.
    func ready(status: String) { send("READY=1\nSTATUS=\(status)") }

    /// Sends `STATUS=` (one line, shown by `systemctl status`).
    func status(_ text: String) { send("STATUS=\(text)") }

    /// Sends `WATCHDOG=1`.
    func watchdog() { send("WATCHDOG=1") }

    /// Sends `STOPPING=1`.
    func stopping() { send("STOPPING=1\nSTATUS=stopping: draining in-flight work") }

    /// Sends one notification datagram; failures are ignored (systemd may be gone).
    func send(_ message: String) {
        guard let address else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard address.count < capacity else { return }
        withUnsafeMutableBytes(of: &storage.sun_path) { path in
            for (index, byte) in address.enumerated() { path[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + address.count)
        var text = message
        text.withUTF8 { bytes in
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    _ = sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }
}
