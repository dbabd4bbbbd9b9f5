import Foundation
import Testing

/// A minimal HTTP/1.1 GET (one request per connection) over loopback for probing the daemon's operations listener.
enum HTTPGet {
    struct Response {
        var status: Int
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `bytes` hold the whole response (headers plus `Content-Length` bytes of body).
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n") else { return false }
        let headers = text[..<headerEnd.lowerBound].lowercased()
        guard let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
        return text[headerEnd.upperBound...].utf8.count >= length
    }

    /// `GET path` on 127.0.0.1:`port`; waits at most 5 s for the answer.
    static func get(port: Int, _ path: String) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to 127.0.0.1:\(port)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            throw Failure(description: "cannot send the request")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { throw Failure(description: "no answer within 5 s") }
            if count == 0 { break }
            received += buffer[0..<count]
            if HTTPGet.isComplete(received) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let headerEnd = text.range(of: "\r\n\r\n"),
              let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap({ Int($0) }) else {
            throw Failure(description: "not an HTTP response: \(text.prefix(80))")
        }
        return Response(status: status, body: String(text[headerEnd.upperBound...]))
    }
}

/// One scrape of `/metrics`: sample values by series (`name{labels}` exactly as written).
struct MetricsScrape {
    let text: String

    /// Every sample line's value, keyed by the series text before the value.
    var samples: [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            result[String(line[..<space])] = value
        }
        return result
    }

    /// The sum of every series of metric `name` whose labels contain all of `labels` (e.g. `status="ready"`).
    func sum(_ name: String, _ labels: String...) -> Double {
        samples.filter { series, _ in
            let base = series.split(separator: "{", maxSplits: 1).first.map(String.init) ?? series
            return base == name && labels.allSatisfy { series.contains($0) }
        }.values.reduce(0, +)
    }

    /// Whether a series of metric `name` exists.
    func has(_ name: String) -> Bool {
        samples.keys.contains { $0 == name || $0.hasPrefix(name + "{") }
    }
}

extension DaemonProcess {
    /// The operations listener's port, from the daemon's log line (text or JSON).
    func httpPort(timeout: Duration = .seconds(30)) async throws -> Int {
        try await waitForLog("operations listener ready", timeout: timeout)
        return try #require(loggedHTTPPort, "bound address logged")
    }

    /// The operations listener's port as logged so far (`nil` before the log line).
    var loggedHTTPPort: Int? {
        log.firstMatch(of: /http_address["=:]+127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
    }

    /// Scrapes `/metrics`.
    func scrape(port: Int) throws -> MetricsScrape {
        let response = try HTTPGet.get(port: port, "/metrics")
        #expect(response.status == 200)
        return MetricsScrape(text: response.body)
    }
}
