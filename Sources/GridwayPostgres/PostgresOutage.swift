import GridwayStore
import PostgresNIO
import _ConnectionPoolModule

/// The PostgreSQL failures that say the database cannot serve now, for a reason outside the request
/// that may pass, reported as ``StoreError/unavailable(retryAfter:cause:)``, the one failure every
/// engine reports for an outage.
enum PostgresOutage {
    /// Runs `body`, turning an outage into ``StoreError/unavailable(retryAfter:cause:)``.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error where isOutage(error) {
            throw StoreError.unavailable(retryAfter: StoreError.outageRetryAfter, cause: "PostgreSQL: \(String(reflecting: error))")
        }
    }

    /// Whether `error` says the server cannot be reached or cannot serve now: the connection was
    /// refused (the pool gave up connecting), closed or lost, or the server is shutting down or out
    /// of connections.
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
