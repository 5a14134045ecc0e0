import Foundation
import GRDB
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO
import Testing

@testable import GridwayPostgres

/// A store implementation the store tests run against: SQLite always, PostgreSQL when
/// `GRIDWAY_TEST_POSTGRES_URL` names a database (each test then gets a schema of its own).
enum StoreBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The database PostgreSQL tests use, from `GRIDWAY_TEST_POSTGRES_URL`.
    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["GRIDWAY_TEST_POSTGRES_URL"].flatMap {
        try? PostgresURL($0)
    }

    /// At most two PostgreSQL tests at once: each migrates a schema of its own, and all of them at once
    /// would starve the timing-sensitive tests that run beside them on a small machine.
    static let postgresSlots = TestSlots(2)

    /// The backends available here.
    static var all: [StoreBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// Quiet: migrations of every test's schema are not news.
    static let logger: Logger = {
        var logger = Logger(label: "gridway.postgres.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a fresh, empty store of this backend, removed afterwards.
    func withStore<T: Sendable>(_ body: (TemporaryStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await body(try TemporaryStore())
        case .postgres:
            let url = try #require(Self.postgresURL, "GRIDWAY_TEST_POSTGRES_URL is not set")
            let schema = "gridway_test_\(UUID().uuidString.prefix(8).lowercased())"
            let store = PostgresStore(url: url, schema: schema, logger: Self.logger)
            await Self.postgresSlots.acquire()
            defer { Task { await Self.postgresSlots.release() } }
            return try await store.whileRunning {
                do {
                    let value = try await body(try TemporaryStore(postgres: store, url: url, schema: schema))
                    try await store.dropSchemaForTests(schema)
                    return value
                } catch {
                    try? await store.dropSchemaForTests(schema)
                    throw error
                }
            }
        }
    }
}

/// Says, in the test report, why the PostgreSQL half of the store tests did not run.
@Suite struct PostgresBackendTests {
    @Test(
        .enabled(
            if: StoreBackend.postgresURL != nil,
            "GRIDWAY_TEST_POSTGRES_URL is not set: the store tests ran on SQLite only (set it to postgres://user:password@127.0.0.1:5432/database to run them on PostgreSQL too)"
        ))
    func postgresIsConfigured() async throws {
        try await StoreBackend.postgres.withStore { try await $0.store.checkReadiness() }
    }
}

extension PostgresStore {
    /// Drops a test's schema and everything in it; again when the drop loses a deadlock to the
    /// store's sealer, which may be sealing in that schema as the test ends.
    fileprivate func dropSchemaForTests(_ schema: String) async throws {
        var attempt = 1
        while true {
            do {
                try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "40P01" && attempt < 5 {
                attempt += 1
            }
        }
    }
}

/// A fresh store for one test, with a temporary folder of its own (removed when the value goes
/// away): an SQLite file in that folder, or a PostgreSQL schema of its own.
final class TemporaryStore: Sendable {
    private enum Backing {
        case sqlite(SQLiteStore)
        case postgres(PostgresStore, url: PostgresURL, schema: String)
    }

    private let backing: Backing
    /// The test's own folder.
    let directory: URL

    private static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A new SQLite store.
    init() throws {
        directory = try Self.makeDirectory()
        backing = .sqlite(try SQLiteStore(path: directory.appendingPathComponent("gridway.sqlite").path))
    }

    fileprivate init(postgres store: PostgresStore, url: PostgresURL, schema: String) throws {
        directory = try Self.makeDirectory()
        backing = .postgres(store, url: url, schema: schema)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The store under test.
    var store: any Store {
        switch backing {
        case .sqlite(let store): store
        case .postgres(let store, _, _): store
        }
    }

    /// The SQLite store, when the test runs on SQLite.
    var sqlite: SQLiteStore? {
        if case .sqlite(let store) = backing { store } else { nil }
    }

    /// Where the SQLite database file is (on SQLite).
    private var path: String { directory.appendingPathComponent("gridway.sqlite").path }

    /// Runs SQL statements (separated by `;` at line ends) behind the store's back, as someone with
    /// access to the database would.
    func tamper(_ sql: String) async throws {
        switch backing {
        case .sqlite:
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: sql) }
        case .postgres(let store, _, _):
            for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try await store.client.query(PostgresQuery(unsafeSQL: statement))
            }
        }
    }

    /// Runs `body` with a second store opened on the same database, as after a restart.
    func withReopened<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
        switch backing {
        case .sqlite:
            return try await body(try SQLiteStore(path: path))
        case .postgres(_, let url, let schema):
            let reopened = PostgresStore(url: url, schema: schema, logger: StoreBackend.logger)
            return try await reopened.whileRunning { try await body(reopened) }
        }
    }
}

/// A counting semaphore for tests: at most `count` holders at once, the others wait in turn.
actor TestSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        free = count
    }

    /// Waits for a slot.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a slot back, to the longest waiter if any.
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
