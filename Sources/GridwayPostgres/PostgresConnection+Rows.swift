import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs `query` and collects every row it returns.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Runs `query` and returns its first row, if any.
    func row(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRandomAccessRow? {
        try await rows(query, logger: logger).first
    }

    /// Runs `query` for its effect, discarding any rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}

extension PostgresRandomAccessRow {
    /// The value of `column` decoded as `T` (an optional type for a nullable column).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

extension PSQLError {
    /// The server's SQLSTATE code, when the server reported the error.
    var sqlState: String? { serverInfo?[.sqlState] }

    /// Whether running the whole transaction again may succeed: a serialization failure, a deadlock,
    /// or a submission's idempotency key stored by another replica after the transaction read it (run
    /// again, it finds and replays that submission).
    var isTransient: Bool {
        sqlState == "40001" || sqlState == "40P01"
            || (sqlState == "23505" && serverInfo?[.constraintName] == "submission_submittedby_idempotencykey_key")
    }
}
