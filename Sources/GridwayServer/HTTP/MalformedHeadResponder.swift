import GridwayJSON
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request whose head the HTTP decoder refused with problem+json instead of an empty 400,
/// then closes the connection: 414 when the request line had not ended (its target is too long),
/// 431 when the header fields are too large or too many, 400 for any other malformed head (such as
/// bad bytes in a header).
///
/// A decoder error while a request is being read or answered (in its body) is passed on, for the
/// body's reader to answer. It sits after the HTTP decoder, and installs a ``RawBytesObserver`` right
/// before it to see whether the request line has ended.
final class MalformedHeadResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ServerLimits
    /// Whether a request is being read or answered: from its head to the end of its response.
    private var inRequest = false
    /// Whether the bytes received since the last response ended hold the end of a request line.
    private var requestLineEnded = false

    init(limits: ServerLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Right before the decoder: behind TLS, the bytes at the front of the pipeline are still encrypted.
        let pipeline = context.pipeline.syncOperations
        let observer = RawBytesObserver { [weak self] bytes in self?.bytesArrived(bytes) }
        if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            try? pipeline.addHandler(observer, position: .before(decoder))
        } else {
            try? pipeline.addHandler(observer, position: .first)
        }
    }

    private func bytesArrived(_ bytes: ByteBuffer) {
        guard !inRequest, !requestLineEnded else { return }
        requestLineEnded = bytes.readableBytesView.contains(UInt8(ascii: "\n"))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { inRequest = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inRequest = false
            requestLineEnded = false
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !inRequest, let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let problem = problem(for: parseError)
        let body = problem.body.serialized()
        let head = HTTPResponse(
            status: problem.status,
            headerFields: [
                .contentType: "application/problem+json", .contentLength: String(body.count), .connection: "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    private func problem(for error: HTTPParserError) -> Problem {
        guard case .headerOverflow = error else { return .malformedRequest(error) }
        return requestLineEnded ? .headersTooLarge(limits: limits) : .uriTooLong(length: nil, limit: limits.maxURLBytes)
    }
}
