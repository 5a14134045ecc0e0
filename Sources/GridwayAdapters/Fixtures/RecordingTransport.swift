import Synchronization

/// An ``HTTPTransport`` that never touches the network: it records every request and answers each
/// with the next scripted response, in order. Used by fixtures and tests.
public final class RecordingTransport: HTTPTransport {
    private let state: Mutex<(responses: [InboundResponse], requests: [OutboundRequest])>

    /// Creates a transport that answers with `responses` in order, then fails.
    public init(responses: [InboundResponse]) {
        state = Mutex((responses, []))
    }

    /// The requests sent so far, in order.
    public var requests: [OutboundRequest] { state.withLock { $0.requests } }

    /// Records `request` and returns the next response.
    /// - Throws: ``TransportError`` when no scripted response is left.
    public func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        try state.withLock { state in
            state.requests.append(request)
            guard !state.responses.isEmpty else {
                throw TransportError(
                    reason:
                        "no scripted response is left for request \(state.requests.count) (\(request.method) \(request.url))"
                )
            }
            return state.responses.removeFirst()
        }
    }
}
