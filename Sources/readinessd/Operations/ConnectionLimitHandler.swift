import NIOCore

/// One operations connection's link to its ``ConnectionLimiter``: registers the connection when it
/// joins the pipeline, marks it busy from a request's first bytes until its response is flushed,
/// and unregisters it when it closes.
///
/// Sits in the connection's pipeline after HTTP decoding and passes every part on unchanged; it
/// never looks inside one, so it does not depend on the codec's part types.
final class ConnectionLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = Any
    typealias InboundOut = Any
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    private let limiter: ConnectionLimiter
    private var id: Int?

    init(limiter: ConnectionLimiter) {
        self.limiter = limiter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        id = limiter.opened(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        unregister()
    }

    func channelInactive(context: ChannelHandlerContext) {
        unregister()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let id { limiter.setBusy(id, true) }
        context.fireChannelRead(data)
    }

    func flush(context: ChannelHandlerContext) {
        if let id { limiter.setBusy(id, false) }
        context.flush()
    }

    private func unregister() {
        if let id { limiter.closed(id) }
        id = nil
    }
}
