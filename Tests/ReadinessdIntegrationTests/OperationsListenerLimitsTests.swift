import Foundation
import Testing

extension IntegrationTests {
    /// The operations listener under hostile clients: idle connections neither starve `/metrics` nor
    /// the Kafka side, idle connections are closed, oversized requests are refused.
    @Suite struct OperationsListenerLimitsTests {
        /// A TCP connection to 127.0.0.1:`port` that sends nothing; its descriptor (the caller closes it).
        static func idleConnection(port: Int) throws -> Int32 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw HTTPGet.Failure(description: "socket() failed: \(String(cString: strerror(errno)))") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(fd)
                throw HTTPGet.Failure(description: "cannot connect to 127.0.0.1:\(port)")
            }
            return fd
        }

        /// Sends `request` on a new connection; the status line's code, or `nil` when the connection closed unanswered.
        static func exchange(port: Int, _ request: [UInt8]) throws -> Int? {
            let fd = try idleConnection(port: port)
            defer { close(fd) }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var offset = 0
            while offset < request.count {
                let sent = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { break }  // the server may close before reading everything
                offset += sent
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            return text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
        }

        @Test func thousandIdleConnectionsStarveNeitherMetricsNorKafka() async throws {
            try await IntegrationEnvironment.with(partitions: 2) { environment in
                let daemon = try environment.startDaemon(name: "idle-connections")
                let port = try await daemon.httpPort()
                try await Wait.until("/readyz answers 200", timeout: .seconds(60)) {
                    (try? HTTPGet.get(port: port, "/readyz").status) == 200
                }
                var idle: [Int32] = []
                defer { for fd in idle { close(fd) } }
                for _ in 0..<1_000 { idle.append(try Self.idleConnection(port: port)) }

                // /metrics answers at once, several times in a row, while the 1,000 stay open on our side.
                var slowest = Duration.zero
                for _ in 0..<5 {
                    let start = ContinuousClock.now
                    let scrape = try HTTPGet.get(port: port, "/metrics")
                    slowest = max(slowest, ContinuousClock.now - start)
                    #expect(scrape.status == 200)
                    #expect(scrape.body.contains("readinessd_requests_consumed_total"))
                }
                #expect(slowest < .seconds(3), "slowest /metrics with 1,000 idle connections: \(slowest)")
                print("/metrics with 1,000 idle connections open: slowest of 5 answers \(slowest)")
                let scrape = try daemon.scrape(port: port)
                // At most http.max_connections (256) are held; the rest made room by closing the oldest idle ones.
                #expect(scrape.sum("readinessd_http_connections_evicted_total") >= Double(1_000 - 256))

                // The Kafka side keeps answering.
                let before = environment.collector.count
                let producedAt = ContinuousClock.now
                try await environment.produce((0..<50).map { RequestCorpus.request($0, prefix: "idle") })
                try await Wait.until("50 answers with 1,000 idle connections open") {
                    environment.collector.count >= before + 50
                }
                print("50 requests answered \(ContinuousClock.now - producedAt) after producing began, 1,000 idle connections open")
                #expect((try HTTPGet.get(port: port, "/readyz")).status == 200)
                #expect(try await daemon.terminate() == 0)
            }
        }

        @Test func idleConnectionsAreClosedAndOversizedRequestsRefused() async throws {
            try await IntegrationEnvironment.with(partitions: 1) { environment in
                let daemon = try environment.startDaemon(name: "http-limits", environment: [
                    "READINESSD_HTTP_IDLE_TIMEOUT_SECONDS": "1", "READINESSD_HTTP_MAX_REQUEST_BYTES": "4096",
                ])
                let port = try await daemon.httpPort()
                // A connection that never sends a byte is closed by the server after the idle timeout.
                let silent = try Self.idleConnection(port: port)
                defer { close(silent) }
                var timeout = timeval(tv_sec: 20, tv_usec: 0)
                setsockopt(silent, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var byte: UInt8 = 0
                let start = ContinuousClock.now
                #expect(recv(silent, &byte, 1, 0) == 0, "the server closes the idle connection")
                #expect(ContinuousClock.now - start < .seconds(10))

                // A declared body above http.max_request_bytes: 413 without reading it.
                let declared = Array("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".utf8)
                #expect(try Self.exchange(port: port, declared) == 413)
                // A chunked body that grows past the cap: 413.
                var chunked = Array("POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
                for _ in 0..<3 { chunked += Array("800\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 2048) + Array("\r\n".utf8) }
                chunked += Array("0\r\n\r\n".utf8)
                #expect(try Self.exchange(port: port, chunked) == 413)
                // A head above the cap is refused (431) or the connection closed unanswered; never a 200.
                let head = Array("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Padding: \(String(repeating: "p", count: 8192))\r\n\r\n".utf8)
                let answer = try Self.exchange(port: port, head)
                #expect(answer == nil || answer == 431 || answer == 400, "\(String(describing: answer))")
                // Ordinary requests still work.
                #expect(try HTTPGet.get(port: port, "/healthz").status == 200)
                #expect(try await daemon.terminate() == 0)
            }
        }
    }
}
