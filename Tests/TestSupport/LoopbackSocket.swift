#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket bound to 127.0.0.1 on a port the kernel chose, closed on deinit.
///
/// Tests use it three ways: kept open without listening, connecting to its port is
/// refused (an unreachable broker); kept open and listening, its port is busy (an
/// address in use); closed at once, its port was free a moment ago (a port to hand
/// to a broker).
public final class LoopbackSocket {
    /// The bound port.
    public let port: Int
    private let fd: Int32

    /// Binds a socket, and listens on it when `listening` is `true`; `nil` when the
    /// system refuses (no socket, no free port).
    public init?(listening: Bool = false) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && (!listening || listen(fd, 1) == 0)
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            return nil
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// A loopback port that was free a moment ago (the socket is closed before returning).
    public static func freePort() -> Int? {
        LoopbackSocket()?.port
    }
}
