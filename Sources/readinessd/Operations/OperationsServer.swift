import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The operations HTTP listener: `GET /metrics` (Prometheus text format),
/// `GET /healthz` and `GET /readyz` (200 or 503 with a one-line reason).
///
/// Runs as a service of the daemon's service group from the very start, so
/// `/readyz` answers 503 while the broker, snapshot and group join are still
/// under way, and stops last, after the worker has drained.
///
/// Hostile or forgetful clients cannot starve it or the Kafka side (``HTTPLimits``):
/// a connection idle for `http.idle_timeout_seconds` is closed (hummingbird's
/// idle timeout), at most `http.max_connections` are held open (the oldest idle
/// one makes room for a new one, ``ConnectionLimiter``), and request heads and
/// bodies above `http.max_request_bytes` are refused (the HTTP decoder's limits,
/// ``RequestSizeLimitMiddleware``).
struct OperationsServer: Service, CustomStringConvertible {
    let address: ListenAddress
    let limits: HTTPLimits
    let state: OperationalState
    let registry: PrometheusCollectorRegistry
    let progressTimeout: Duration
    let produceFailureLimit: Duration
    let logger: Logger

    /// How the service group names this service in its logs.
    var description: String { "operations listener on \(address)" }

    /// Serves until graceful shutdown. Throws a ``CommandFailure`` naming `http.address` when it cannot bind.
    func run() async throws {
        let router = Router()
        router.add(middleware: RequestSizeLimitMiddleware(maximumBytes: limits.maximumRequestBytes))
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ -> Response in
            OperationsServer.response(ProbeVerdict.liveness(health: state.health, progressTimeout: progressTimeout))
        }
        router.get("readyz") { _, _ -> Response in
            OperationsServer.response(ProbeVerdict.readiness(revision: state.revision, health: state.health,
                                                             produceFailureLimit: produceFailureLimit))
        }
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)  // no line per request
        let logger = self.logger
        let limiter = ConnectionLimiter(maximum: limits.maximumConnections)
        let headLimit = limits.maximumRequestBytes
        let application = Application(
            router: router,
            server: .http1(configuration: .init(
                additionalChannelHandlers: [limiter.handler()],
                idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: headLimit, maxHeaderListSize: headLimit,
                                                maxHeaderFieldCount: 100))),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                let bound = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                logger.notice("operations listener ready (/metrics, /healthz, /readyz)", metadata: ["http_address": "\(bound)"])
            },
            logger: serverLogger)
        do {
            try await application.run()
        } catch {
            throw CommandFailure("cannot serve HTTP on \(address) (http.address): \(error); choose a free port or set http.address: off",
                                 status: .configuration)
        }
    }

    static func response(_ verdict: ProbeVerdict) -> Response {
        Response(status: verdict.isUp ? .ok : .serviceUnavailable,
                 headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: verdict.reason + "\n")))
    }
}
