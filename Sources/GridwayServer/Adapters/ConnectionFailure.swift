import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connection that an upstream refused or broke off: a real cause, known at once, not a timeout.
enum ConnectionFailure: String, Sendable {
    /// Nothing listens on the port (`ECONNREFUSED`).
    case refused = "connection refused"
    /// The upstream reset the connection, or closed it before it answered (`ECONNRESET`, `EPIPE`, or the
    /// connection already closed when the request was written).
    case reset = "connection reset"

    /// The failure `error` stands for, looking inside NIO's per-address connection errors; `nil` for any
    /// other error.
    init?(_ error: any Error) {
        switch error {
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            self = .refused
        case let error as IOError where error.errnoCode == ECONNRESET || error.errnoCode == EPIPE:
            self = .reset
        case let error as NIOConnectionError:
            guard let failure = error.connectionErrors.lazy.compactMap({ ConnectionFailure($0.error) }).first else {
                return nil
            }
            self = failure
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            self = .reset
        case ChannelError.ioOnClosedChannel, ChannelError.eof:
            self = .reset
        default:
            return nil
        }
    }
}
