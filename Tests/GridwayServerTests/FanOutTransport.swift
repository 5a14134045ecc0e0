import GridwayAdapters
import GridwayServer
import Synchronization

/// The real HTTP client as the fan-out tests see it: it logs when each request left, and can make
/// an upstream unreachable for its next few requests by sending them to a port nobody listens on.
final class FanOutTransport: HTTPTransport {
    private struct State {
        var sent: [(url: String, at: ContinuousClock.Instant)] = []
        var refusals: [(upstream: String, closed: String, remaining: Int)] = []
    }

    private let base: any HTTPTransport
    private let state = Mutex(State())

    init(base: any HTTPTransport = AsyncHTTPTransport.shared) {
        self.base = base
    }

    /// Runs `body` with a transport over its own client, shut down afterwards, whose connection attempts
    /// may each last `connectTimeout`. The transport is not a `Service`, so an application given it
    /// leaves the shutdown to this function.
    static func withOwnClient<Result: Sendable>(
        connectTimeout: Duration = .seconds(5), _ body: (FanOutTransport) async throws -> Result
    ) async throws -> Result {
        let client = AsyncHTTPTransport(connectTimeout: connectTimeout)
        do {
            let result = try await body(FanOutTransport(base: client))
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    /// Sends the next `times` requests for `upstream` (a base URL) to `closed` (another base URL,
    /// where nothing listens) instead: the connection is refused.
    func refuse(_ upstream: String, times: Int, sendingTo closed: String) {
        state.withLock { $0.refusals.append((upstream, closed, times)) }
    }

    /// When each request for `upstream` left, refused or not, in order.
    func sendTimes(to upstream: String) -> [ContinuousClock.Instant] {
        state.withLock { $0.sent.filter { $0.url.hasPrefix(upstream) }.map(\.at) }
    }

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        var request = request
        state.withLock { state in
            state.sent.append((request.url, .now))
            if let index = state.refusals.firstIndex(where: { request.url.hasPrefix($0.upstream) && $0.remaining > 0 })
            {
                state.refusals[index].remaining -= 1
                request.url = state.refusals[index].closed + request.url.dropFirst(state.refusals[index].upstream.count)
            }
        }
        return try await base.send(request, timeout: timeout)
    }
}
