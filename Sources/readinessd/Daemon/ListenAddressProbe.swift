#if canImport(Glibc)
import Glibc
#endif

/// Checks before anything starts that `http.address` can be bound: resolves it, binds a socket
/// the way the listener will (`SO_REUSEADDR`) and closes it again.
///
/// Without it a port in use was found only when the listener started, after the Kafka clients
/// had started (and the daemon then stopped "cleanly" with status 1). A port taken in the
/// instant between this probe and the listener's own bind still stops the daemon, with the
/// listener's message.
enum ListenAddressProbe {
    /// Returns nil when `address` can be bound, else the reason.
    static func problem(binding address: ListenAddress) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(address.host, String(address.port), &hints, &results)
        guard resolved == 0, let first = results else {
            return "cannot resolve \(address.host): \(String(cString: gai_strerror(resolved)))"
        }
        defer { freeaddrinfo(results) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return "cannot create a socket: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            let code = errno
            return code == EADDRINUSE ? "the address is already in use" : String(cString: strerror(code))
        }
        return nil
    }
}
