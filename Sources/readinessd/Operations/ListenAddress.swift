import Foundation

/// Where the operations HTTP listener (`/metrics`, `/healthz`, `/readyz`) binds: `http.address`.
///
/// `host:port` (IPv4 or a name), `[v6]:port`, or `off` / empty for no listener.
/// Port `0` picks a free port; the bound address is logged.
struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// Host name or literal address, without brackets.
    var host: String
    /// TCP port; `0` lets the kernel choose.
    var port: Int

    /// The default: loopback only, Prometheus' customary exporter range.
    static let defaultValue = "127.0.0.1:9464"

    /// Parses `text`; `nil` means the listener is off.
    static func parse(_ text: String) throws(ConfigurationError) -> ListenAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.lowercased() == "off" { return nil }
        let host: Substring, portText: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]"), trimmed[trimmed.index(after: close)...].hasPrefix(":") else {
                throw ConfigurationError("http.address must be host:port, [ipv6]:port or off, got \(trimmed)")
            }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            portText = trimmed[trimmed.index(close, offsetBy: 2)...]
        } else {
            guard let colon = trimmed.lastIndex(of: ":"), !trimmed[..<colon].contains(":") else {
                throw ConfigurationError("http.address must be host:port, [ipv6]:port or off, got \(trimmed)")
            }
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
        }
        guard !host.isEmpty else {
            throw ConfigurationError("http.address needs a host (e.g. 127.0.0.1:9464 or 0.0.0.0:9464), got \(trimmed)")
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError("http.address port must be a number from 0 to 65535, got \(trimmed)")
        }
        return ListenAddress(host: String(host), port: port)
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
