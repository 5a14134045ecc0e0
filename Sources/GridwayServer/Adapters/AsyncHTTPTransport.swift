import AsyncHTTPClient
import GridwayAdapters
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle

/// Sends adapter requests with AsyncHTTPClient: the transport of the running server.
///
/// One transport, and so one connection pool, serves the whole process. An owned transport is a
/// `Service`: run it in the application's `ServiceGroup` and it shuts its client down after graceful
/// shutdown, once the HTTP server has stopped taking requests. Redirects are not followed: an adapter
/// sees exactly what the other system answered.
///
/// A refused or reset connection fails its request at once with that cause: AsyncHTTPClient's pool is
/// told not to retry failed connection attempts (by default it retries them, and keeps the request
/// waiting, until its deadline), since the caller retries on its own schedule — a delivery by its
/// target's retry policy and circuit breaker, a fetch by the next query.
public final class AsyncHTTPTransport: HTTPTransport, Service {
    /// The default cap on a response body: 8 MiB.
    public static let defaultBodyLimit = 8 << 20

    /// A transport over one process-wide client, configured as an owned one's, which needs no shutdown.
    public static let shared = AsyncHTTPTransport(
        client: HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: configuration(connectTimeout: .seconds(5))),
        ownsClient: false, bodyLimit: defaultBodyLimit)

    /// The largest response body read, in bytes; a larger one is a ``TransportError``.
    public let bodyLimit: Int
    private let client: HTTPClient
    private let ownsClient: Bool

    /// Creates a transport with its own client; run it as a `Service` (or call ``shutdown()``) to release it.
    ///
    /// `tls` replaces the client's TLS defaults for `https` upstreams: the CA bundle their certificates
    /// are verified against, and the client certificate presented to those that ask for one.
    public convenience init(
        bodyLimit: Int = defaultBodyLimit, connectTimeout: Duration = .seconds(5), tls: TLSConfiguration? = nil
    ) {
        self.init(
            client: HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: Self.configuration(connectTimeout: connectTimeout, tls: tls)),
            ownsClient: true, bodyLimit: bodyLimit)
    }

    /// No redirects, `connectTimeout` for one connection attempt, and no retry of a failed attempt.
    private static func configuration(connectTimeout: Duration, tls: TLSConfiguration? = nil)
        -> HTTPClient.Configuration
    {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .init(connectTimeout))
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    private init(client: HTTPClient, ownsClient: Bool, bodyLimit: Int) {
        self.client = client
        self.ownsClient = ownsClient
        self.bodyLimit = bodyLimit
    }

    /// Sends `request` and reads the whole answer within `timeout`.
    ///
    /// Until the response head arrives AsyncHTTPClient keeps the deadline; the body must then arrive
    /// in what is left of `timeout`. A refused or reset connection is reported at once as such
    /// (``ConnectionFailure``), not as a timeout.
    public func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        let url = request.redactedURL
        guard !request.method.isEmpty else { throw TransportError(reason: "\(url): no HTTP method") }
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        outbound.headers = HTTPHeaders(request.headers.map { ($0.name, $0.value) })
        if !request.body.isEmpty { outbound.body = .bytes(request.body) }
        let deadline = ContinuousClock.now + timeout
        do {
            let response = try await client.execute(outbound, timeout: .init(timeout))
            let limit = bodyLimit
            let body = try await withTransportTimeout(
                deadline - ContinuousClock.now, reason: "\(url): the body did not arrive within \(timeout)"
            ) {
                do {
                    return try await response.body.collect(upTo: limit)
                } catch is NIOTooManyBytesError {
                    throw TransportError(reason: "\(url): the response body exceeds the limit of \(limit) bytes")
                }
            }
            return InboundResponse(
                status: Int(response.status.code), headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                body: Array(body.readableBytesView))
        } catch let error as TransportError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.transportError(for: error, url: url, timeout: timeout)
        }
    }

    /// What AsyncHTTPClient's `error` means for the caller: a refused or reset connection, a timeout, or
    /// another failure.
    private static func transportError(for error: any Error, url: String, timeout: Duration) -> TransportError {
        if let failure = ConnectionFailure(error) {
            return TransportError(reason: "\(url): \(failure.rawValue)")
        }
        let timeouts: [HTTPClientError] = [
            .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout, .writeTimeout,
        ]
        if let error = error as? HTTPClientError, timeouts.contains(error) {
            return TransportError(reason: "\(url): no response within \(timeout) (\(error))", isTimeout: true)
        }
        return TransportError(reason: "\(url): \(error)")
    }

    /// Waits for graceful shutdown, then shuts an owned client down.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Shuts an owned client down, cancelling requests still in flight; does nothing for ``shared``.
    public func shutdown() async throws {
        guard ownsClient else { return }
        try await client.shutdown()
    }
}
