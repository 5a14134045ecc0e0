import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An upstream that cannot answer, on 127.0.0.1: a closed port (the connection is refused) or a server
/// that resets every connection it accepts, before reading a byte.
enum UnreachableUpstream: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case refused = "connection refused"
    case reset = "connection reset"

    var testDescription: String { rawValue }

    /// Runs `body` with the upstream's base URL (`http://127.0.0.1:<port>`), then takes the upstream down.
    func with<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // SO_LINGER 0: closing sends a reset, not an orderly end of stream.
                guard let options = channel as? any SocketOptionProvider else {
                    return channel.eventLoop.makeFailedFuture(ChannelError.operationUnsupported)
                }
                return options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).flatMap {
                    channel.pipeline.addHandler(ResetOnAccept())
                }
            }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let url = "http://127.0.0.1:\(server.localAddress?.port ?? 0)"
        if self == .refused { try await server.close() }
        do {
            let result = try await body(url)
            if self == .reset { try await server.close() }
            return result
        } catch {
            if self == .reset { try? await server.close() }
            throw error
        }
    }
}

/// Closes each accepted connection as soon as it is active.
private final class ResetOnAccept: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
