import NIOCore
import NIOPosix

/// Listens on `127.0.0.1:port` and forwards every connection to another loopback port: how
/// `readinessd broker --port N` puts librdkafka's mock broker, which always listens on a
/// kernel-chosen port (librdkafka 2.0.2's `rd_kafka_mock_cluster_new` has no port parameter),
/// at an address clients know.
///
/// Clients bootstrap through the forwarder; the broker's metadata then names its own port,
/// which they use for everything after. When a broker at the same `--port` replaces a stopped
/// one, clients find the new broker again through the forwarder's address.
final class LoopbackForwarder: Sendable {
    /// The listening port.
    let port: Int
    private let listener: any Channel

    private init(port: Int, listener: any Channel) {
        self.port = port
        self.listener = listener
    }

    /// Starts forwarding `127.0.0.1:port` to `127.0.0.1:targetPort`.
    ///
    /// - Throws: the bind error (for example the address is in use).
    static func start(port: Int, targetPort: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> LoopbackForwarder
    {
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Nothing is read before the outbound side is connected and glued.
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMapThrowing { outbound in
                        let (inboundSide, outboundSide) = ForwardingHandler.pair()
                        try inbound.pipeline.syncOperations.addHandler(inboundSide)
                        try outbound.pipeline.syncOperations.addHandler(outboundSide)
                        inbound.closeFuture.whenComplete { _ in outbound.close(promise: nil) }
                        outbound.closeFuture.whenComplete { _ in inbound.close(promise: nil) }
                    }
                    .flatMap { inbound.setOption(.autoRead, value: true) }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        return LoopbackForwarder(port: listener.localAddress?.port ?? port, listener: listener)
    }

    /// Stops listening (forwarded connections close with their broker).
    func close() async {
        try? await listener.close()
    }
}
