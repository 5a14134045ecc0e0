import NIOCore
import NIOHTTPTypes
import Synchronization

/// Counts the server's open connections and closes any beyond `maximum` as soon as it is accepted.
final class ConnectionLimiter: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// The connections open now.
    var openConnections: Int { open.load(ordering: .relaxed) }

    /// A handler for one new connection.
    func handler() -> Handler { Handler(limiter: self) }

    /// Admits its connection if there is room, else closes it; gives the room back when it closes.
    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart

        private let limiter: ConnectionLimiter
        private var admitted = false

        init(limiter: ConnectionLimiter) {
            self.limiter = limiter
        }

        private var decided = false

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { admitOrClose(context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            admitOrClose(context)
            context.fireChannelActive()
        }

        private func admitOrClose(_ context: ChannelHandlerContext) {
            guard !decided else { return }
            decided = true
            let count = limiter.open.wrappingAdd(1, ordering: .relaxed).newValue
            guard count <= limiter.maximum else {
                limiter.open.wrappingSubtract(1, ordering: .relaxed)
                context.close(promise: nil)
                return
            }
            admitted = true
        }

        func channelInactive(context: ChannelHandlerContext) {
            release()
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            release()
        }

        private func release() {
            guard admitted else { return }
            admitted = false
            limiter.open.wrappingSubtract(1, ordering: .relaxed)
        }
    }
}
