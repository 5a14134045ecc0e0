import GridwayStore
import PostgresNIO
import Synchronization
import _ConnectionPoolModule

/// The PostgreSQL failures that say the database cannot serve now, for a reason outside the request
/// that may pass, reported as ``StoreError/unavailable(retryAfter:cause:)``, the one failure every
/// engine reports for an outage.
enum PostgresOutage {
    /// How long a query waits for a pooled connection before the database counts as unavailable: as long
    /// as SQLite waits for a lock. (The pool itself queues requests while it cannot connect, and fails
    /// them only after a minute.)
    static let connectionPatience: Duration = .seconds(10)

    /// Runs `body` on a pooled connection, waiting at most ``connectionPatience`` for one; an outage is
    /// thrown as ``StoreError/unavailable(retryAfter:cause:)``.
    static func withConnection<T: Sendable>(_ client: PostgresClient, _ body: (PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await reporting {
            try await withoutActuallyEscaping(body) { body in
                // Runs only in the child task below, which ends before this call returns.
                nonisolated(unsafe) let body = body
                let leased = LeaseFlag()
                return try await withThrowingTaskGroup(of: T?.self) { group in
                    group.addTask {
                        try await client.withConnection { connection in
                            leased.set()
                            return try await body(connection)
                        }
                    }
                    group.addTask {
                        try? await Task.sleep(for: connectionPatience)
                        return nil
                    }
                    while let next = try await group.next() {
                        if let value = next {
                            group.cancelAll()
                            return value
                        }
                        guard leased.isSet else {
                            group.cancelAll()
                            throw StoreError.unavailable(
                                retryAfter: StoreError.outageRetryAfter,
                                cause: "PostgreSQL: no connection within \(connectionPatience)")
                        }
                    }
                    throw CancellationError()
                }
            }
        }
    }

    /// Runs `body`, turning an outage into ``StoreError/unavailable(retryAfter:cause:)``.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error where isOutage(error) {
            throw StoreError.unavailable(
                retryAfter: StoreError.outageRetryAfter, cause: "PostgreSQL: \(String(reflecting: error))")
        }
    }

    /// Whether `error` says the server cannot be reached or cannot serve now: the pool gave up
    /// connecting, the connection was closed or lost, or the server is shutting down or out of connections.
    static func isOutage(_ error: any Error) -> Bool {
        if let error = error as? ConnectionPoolError { return error == .connectionCreationCircuitBreakerTripped }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown, .poolClosed: return true
        case .server:
            // 08: connection exception; 53: insufficient resources (too many connections, disk full);
            // 57P01–57P03: the server is shutting down or not yet accepting connections.
            let state = error.sqlState ?? ""
            return state.hasPrefix("08") || state.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(state)
        default: return false
        }
    }
}

/// Whether a pooled connection was leased yet.
private final class LeaseFlag: Sendable {
    private let leased = Mutex(false)

    func set() { leased.withLock { $0 = true } }
    var isSet: Bool { leased.withLock { $0 } }
}
