import NIOCore

/// Calls `observe` with the raw bytes of each read, before the HTTP decoder sees them, and passes them on.
final class RawBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let observe: (ByteBuffer) -> Void

    init(_ observe: @escaping (ByteBuffer) -> Void) {
        self.observe = observe
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        observe(unwrapInboundIn(data))
        context.fireChannelRead(data)
    }
}
