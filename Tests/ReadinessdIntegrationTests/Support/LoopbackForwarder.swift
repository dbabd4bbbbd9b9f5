import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A TCP forwarder on a loopback port that stays the same while the port it forwards to changes:
/// a Kafka cluster "replaced at the same address" for the librdkafka 2.0.2 mock cluster, which
/// cannot listen on a chosen port. Clients bootstrap through it; ``retarget(_:)`` cuts every
/// forwarded connection and sends new ones to another port. Blocking socket calls run on its own
/// threads, never on Swift's cooperative pool.
final class LoopbackForwarder: Sendable {
    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    /// The fixed port clients connect to.
    let port: UInt16
    private let listener: Int32
    private let state: Mutex<(target: UInt16, connections: Set<Int32>, closed: Bool)>

    /// `127.0.0.1:port`, for `bootstrap.servers`.
    var address: String { "127.0.0.1:\(port)" }

    /// Listens on a kernel-chosen loopback port, forwarding to `target`.
    init(target: UInt16) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SocketError(description: "socket: errno \(errno)") }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 64) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw SocketError(description: "bind/listen on loopback: errno \(errno)")
        }
        self.listener = listener
        self.port = UInt16(bigEndian: address.sin_port)
        self.state = Mutex((target, [], false))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "forwarder-accept"
        thread.start()
    }

    /// Cuts every forwarded connection; new connections go to `target`.
    func retarget(_ target: UInt16) {
        let cut = state.withLock { state in
            state.target = target
            defer { state.connections = [] }
            return state.connections
        }
        for descriptor in cut { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    /// Stops listening and cuts every connection. Idempotent.
    func stop() {
        let cut = state.withLock { state -> Set<Int32>? in
            guard !state.closed else { return nil }
            state.closed = true
            defer { state.connections = [] }
            return state.connections
        }
        guard let cut else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for descriptor in cut { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            let target = state.withLock { $0.target }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = upstream >= 0 && withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            let registered = connected && state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.connections.formUnion([client, upstream])
                return true
            }
            guard registered else {
                close(client)
                if upstream >= 0 { close(upstream) }
                continue
            }
            let pair = Pair(client: client, upstream: upstream)
            for (from, to) in [(client, upstream), (upstream, client)] {
                let thread = Thread { [self] in pump(from: from, to: to, pair: pair) }
                thread.name = "forwarder-pump"
                thread.start()
            }
        }
        close(listener)
    }

    /// One forwarded connection's two sockets, closed once both directions have ended.
    private final class Pair: Sendable {
        let client: Int32
        let upstream: Int32
        private let ended = Mutex(0)

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        /// One direction ended; returns whether it was the last.
        func directionEnded() -> Bool {
            ended.withLock { ended in
                ended += 1
                return ended == 2
            }
        }
    }

    private func pump(from: Int32, to: Int32, pair: Pair) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        loop: while true {
            let received = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            if received < 0 && errno == EINTR { continue }
            guard received > 0 else { break }
            var sent = 0
            while sent < received {
                let written = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, received - sent, Int32(MSG_NOSIGNAL)) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break loop }
                sent += written
            }
        }
        // Either side ending ends the connection.
        shutdown(from, Int32(SHUT_RDWR))
        shutdown(to, Int32(SHUT_RDWR))
        if pair.directionEnded() {
            state.withLock { $0.connections.subtract([pair.client, pair.upstream]) }
            close(pair.client)
            close(pair.upstream)
        }
    }
}
