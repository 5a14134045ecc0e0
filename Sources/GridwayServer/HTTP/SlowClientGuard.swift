import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow to send a request (slowloris): the first request's
/// head must be complete within `headTimeout` of the connection opening (whether or not a byte
/// arrives), a later request's head within `headTimeout` of its first byte, and a body within
/// `bodyTimeout` of its head. A connection waiting between requests is left to the idle timeout.
///
/// It sits after the HTTP decoder, and installs a ``RawBytesObserver`` at the front of the
/// pipeline to learn when the raw bytes of a new request begin.
final class SlowClientGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// The connection is not open yet.
        case opening
        /// Between requests: the next byte starts a request.
        case idle
        /// A request has begun; its head is not complete.
        case readingHead
        /// The head arrived; the body is not complete.
        case readingBody
        /// The request is read; the server is answering.
        case answering
    }

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var state = State.opening
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(headTimeout: Duration, bodyTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
        self.bodyTimeout = TimeAmount(bodyTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        try? context.pipeline.syncOperations.addHandler(
            RawBytesObserver { [weak self] _ in self?.bytesArrived() }, position: .first)
        if context.channel.isActive { connectionOpened() }
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionOpened()
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    /// The connection opened: the head timer of its first request runs from now, silent or not.
    private func connectionOpened() {
        guard case .opening = state else { return }
        state = .readingHead
        arm(headTimeout)
    }

    /// Raw bytes arrived: between requests, they begin the next one.
    private func bytesArrived() {
        guard case .idle = state else { return }
        state = .readingHead
        arm(headTimeout)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .readingBody
            arm(bodyTimeout)
        case .body:
            break
        case .end:
            state = .answering
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case .answering = state { state = .idle }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    private func arm(_ timeout: TimeAmount) {
        disarm()
        guard let context else { return }
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
