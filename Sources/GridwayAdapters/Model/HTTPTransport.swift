/// Sends adapter requests: AsyncHTTPClient in the server, recorded fixtures in `gridway adapter test`.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, or throws when no response arrived in `timeout`.
    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse
}

/// Why a request got no response at all.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What happened: connection refused, timed out, TLS failure…
    public var reason: String
    /// Whether the request timed out.
    public var isTimeout: Bool

    /// Creates a transport error.
    public init(reason: String, isTimeout: Bool = false) {
        self.reason = reason
        self.isTimeout = isTimeout
    }

    public var description: String { reason }
}
