import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An upstream that cannot answer, on 127.0.0.1: a port nobody listens on (the connection is refused) or a server
/// that resets every connection it accepts, before reading a byte.
enum UnreachableUpstream: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case refused = "connection refused"
    case reset = "connection reset"

    var testDescription: String { rawValue }

    /// Runs `body` with the upstream's base URL (`http://127.0.0.1:<port>`), then takes the upstream down.
    func with<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        if self == .refused {
            let port = try BoundPort()
            defer { port.close() }
            return try await body("http://127.0.0.1:\(port.number)")
        }
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
        do {
            let result = try await body("http://127.0.0.1:\(server.localAddress?.port ?? 0)")
            try await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }
}

/// A loopback port bound but never listened on: connecting to it is refused, and unlike a port bound
/// and closed again, no other test's server can take it while it is held.
private struct BoundPort {
    let descriptor: Int32
    let number: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw ChannelError.operationUnsupported }
        self.descriptor = descriptor
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}

/// Closes each accepted connection as soon as it is active.
private final class ResetOnAccept: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
