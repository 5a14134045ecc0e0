import Foundation
import GridwayAdapters
import GridwayCore

/// How each adapter's calls went lately, kept in memory: the last success and the last error, with times.
///
/// Updated by every request an adapter sends (through ``tracking(_:for:clock:)``) and by the routes when an
/// adapter fails on its own (an unreadable answer, a mapping error); read by `GET /v1/adapters`.
public actor AdapterHealth {
    /// One adapter's recent record.
    public struct Status: Sendable, Hashable {
        /// When a call last succeeded.
        public var lastSuccess: Date?
        /// When a call last failed.
        public var lastErrorAt: Date?
        /// What that failure was.
        public var lastError: String?
    }

    private var statuses: [String: Status] = [:]

    /// Creates an empty record.
    public init() {}

    /// Notes a successful call of `adapter` at `date`.
    public func recordSuccess(_ adapter: String, at date: Date) {
        statuses[adapter, default: Status()].lastSuccess = date
    }

    /// Notes a failed call of `adapter` at `date`.
    public func recordError(_ adapter: String, _ message: String, at date: Date) {
        statuses[adapter, default: Status()].lastError = message
        statuses[adapter, default: Status()].lastErrorAt = date
    }

    /// What is known of `adapter`; empty when it was never called.
    public func status(of adapter: String) -> Status {
        statuses[adapter] ?? Status()
    }

    /// `transport`, noting each request of `adapter` at `clock`'s date: an answer below 400 as a success,
    /// any other answer or none at all as an error.
    public nonisolated func tracking(_ transport: any HTTPTransport, for adapter: String, clock: any GridwayClock)
        -> any HTTPTransport
    {
        HealthTrackingTransport(base: transport, adapter: adapter, health: self, clock: clock)
    }
}

/// A transport that reports each request's result to ``AdapterHealth``.
private struct HealthTrackingTransport: HTTPTransport {
    let base: any HTTPTransport
    let adapter: String
    let health: AdapterHealth
    let clock: any GridwayClock

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        do {
            let response = try await base.send(request, timeout: timeout)
            if response.status < 400 {
                await health.recordSuccess(adapter, at: clock.date)
            } else {
                await health.recordError(
                    adapter, "\(request.method) \(request.redactedURL) answered HTTP \(response.status)",
                    at: clock.date)
            }
            return response
        } catch let error as TransportError {
            await health.recordError(adapter, error.reason, at: clock.date)
            throw error
        }
    }

}
