import GRDB
import GridwayStore

/// The SQLite store's connections, reading and writing as GRDB's pool does, except that an outage (the
/// disk is full, an I/O error, another process holding a lock beyond the busy timeout) is thrown as
/// ``StoreError/unavailable(retryAfter:cause:)``, the one failure every engine reports for it.
package struct SQLitePool: Sendable {
    private let pool: DatabasePool

    init(_ pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `value` in a read transaction.
    package func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        try await Self.reportingOutages { try await pool.read(value) }
    }

    /// Runs `updates` in a write transaction.
    package func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await Self.reportingOutages { try await pool.write(updates) }
    }

    /// The database file's path.
    package var path: String { pool.path }

    /// Waits until no read of this pool runs, then copies the write-ahead log into the database file
    /// and empties it (a `TRUNCATE` checkpoint); `false` when another process's reader kept it busy.
    package func emptyWriteAheadLog() async throws -> Bool {
        try await Self.reportingOutages {
            try await pool.barrierWriteWithoutTransaction { db in
                do {
                    try db.checkpoint(.truncate)
                    return true
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    return false
                }
            }
        }
    }

    /// Runs `body`, turning the SQLite failures that say the database cannot serve now into
    /// ``StoreError/unavailable(retryAfter:cause:)``.
    static func reportingOutages<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where isOutage(error.resultCode) {
            throw StoreError.unavailable(
                retryAfter: StoreError.outageRetryAfter,
                cause: "SQLite error \(error.resultCode.rawValue): \(error.message ?? "")")
        }
    }

    /// Whether `code` says the database failed for a reason outside the request that may pass.
    static func isOutage(_ code: ResultCode) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_LOCKED].contains(code)
    }
}
