import NIOCore
import NIOHTTPTypes
import Synchronization

/// Counts the server's open connections, in all and per client address, and closes any beyond
/// `maximum` (or beyond `maximumPerAddress` from its address) as soon as it is accepted.
final class ConnectionLimiter: Sendable {
    let maximum: Int
    /// The most connections from one address, or `nil` for no such limit.
    let maximumPerAddress: Int?
    private let open = Mutex(OpenConnections())

    /// The connections open now: in all, and per client address.
    private struct OpenConnections {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    init(maximum: Int, maximumPerAddress: Int?) {
        self.maximum = maximum
        self.maximumPerAddress = maximumPerAddress
    }

    /// A handler for one new connection.
    func handler() -> Handler { Handler(limiter: self) }

    /// Counts a connection from `address` (`nil` when it has none, as on a Unix socket) if both limits
    /// leave room for it; whether it did.
    fileprivate func admit(from address: String?) -> Bool {
        open.withLock { open in
            guard open.total < maximum else { return false }
            if let address, let maximumPerAddress {
                guard open.byAddress[address, default: 0] < maximumPerAddress else { return false }
                open.byAddress[address, default: 0] += 1
            }
            open.total += 1
            return true
        }
    }

    /// Gives back the room of a connection ``admit(from:)`` counted.
    fileprivate func release(from address: String?) {
        open.withLock { open in
            open.total -= 1
            if let address, maximumPerAddress != nil {
                let remaining = open.byAddress[address, default: 1] - 1
                open.byAddress[address] = remaining > 0 ? remaining : nil
            }
        }
    }

    /// Admits its connection if there is room, else closes it; gives the room back when it closes.
    final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart

        private let limiter: ConnectionLimiter
        private var decided = false
        private var admitted = false
        /// The client address the connection was counted under.
        private var address: String?

        init(limiter: ConnectionLimiter) {
            self.limiter = limiter
        }

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
            address = context.channel.remoteAddress?.ipAddress
            guard limiter.admit(from: address) else {
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
            limiter.release(from: address)
        }
    }
}
