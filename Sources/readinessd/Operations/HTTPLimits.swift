/// The operations listener's protection against slow or hostile clients (`http.*` keys).
struct HTTPLimits: Sendable, Equatable {
    /// `http.idle_timeout_seconds`: a connection with no request in progress for this long is closed.
    var idleTimeoutSeconds: Int
    /// `http.max_connections`: connections held open at once (``ConnectionLimiter``).
    var maximumConnections: Int
    /// `http.max_request_bytes`: the largest request head, and the largest body.
    var maximumRequestBytes: Int

    /// The defaults.
    static let defaults = HTTPLimits(idleTimeoutSeconds: 10, maximumConnections: 256, maximumRequestBytes: 16_384)
}
