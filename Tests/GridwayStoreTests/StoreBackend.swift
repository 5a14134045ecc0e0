import Foundation
import GRDB
import GridwayCore
import GridwaySQLite
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

    /// How long a PostgreSQL test waits for a slot before it fails: longer than the whole PostgreSQL pass
    /// takes, so only a test that never gave its slot back makes another wait this long; shorter than
    /// the suites' time limit, so the failure says why.
    static let slotPatience: Duration = .seconds(150)

    /// Runs `body` with a fresh, empty store of this backend on `clock`, removed afterwards.
    ///
    /// On PostgreSQL the store runs only while `body` does; its schema is dropped once the store (and
    /// with it its sealer) has stopped, on a client of its own, so no background work of the store
    /// ever runs in a dropped schema.
    func withStore<T: Sendable>(
        clock: any GridwayClock = SystemClock(), _ body: (TemporaryStore) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            return try await body(try TemporaryStore(clock: clock))
        case .postgres:
            let url = try #require(Self.postgresURL, "GRIDWAY_TEST_POSTGRES_URL is not set")
            let schema = "gridway_test_\(UUID().uuidString.prefix(8).lowercased())"
            return try await Self.postgresSlots.withSlot(waitingAtMost: Self.slotPatience) {
                let store = PostgresStore(url: url, schema: schema, logger: Self.logger, clock: clock)
                let outcome: Result<T, any Error>
                do {
                    outcome = .success(
                        try await store.whileRunning {
                            try await body(try TemporaryStore(postgres: store, url: url, schema: schema, clock: clock))
                        })
                } catch {
                    outcome = .failure(error)
                }
                try await Self.dropSchema(schema, at: url)
                return try outcome.get()
            }
        }
    }

    /// Drops `schema` and everything in it, on a client of its own (closed again before this returns);
    /// again when the drop loses a deadlock to a store still at work in that schema.
    static func dropSchema(_ schema: String, at url: PostgresURL) async throws {
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
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
}

/// Says, in the test report, why the PostgreSQL half of the store tests did not run.
@Suite(.timeLimit(.minutes(3)))
struct PostgresBackendTests {
    @Test(
        .enabled(
            if: StoreBackend.postgresURL != nil,
            "GRIDWAY_TEST_POSTGRES_URL is not set: the store tests ran on SQLite only (set it to postgres://user:password@127.0.0.1:5432/database to run them on PostgreSQL too)"
        ))
    func postgresIsConfigured() async throws {
        try await StoreBackend.postgres.withStore { try await $0.store.checkReadiness() }
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
    /// The clock the store reads, and a reopened one too.
    private let clock: any GridwayClock
    /// The test's own folder.
    let directory: URL

    private static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A new SQLite store on `clock`.
    init(clock: any GridwayClock = SystemClock()) throws {
        directory = try Self.makeDirectory()
        self.clock = clock
        backing = .sqlite(try SQLiteStore(path: directory.appendingPathComponent("gridway.sqlite").path, clock: clock))
    }

    fileprivate init(postgres store: PostgresStore, url: PostgresURL, schema: String, clock: any GridwayClock) throws {
        directory = try Self.makeDirectory()
        self.clock = clock
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
            for statement in sql.components(separatedBy: ";\n")
            where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try await store.client.query(PostgresQuery(unsafeSQL: statement))
            }
        }
    }

    /// Runs `body` with a second store opened on the same database, as after a restart.
    func withReopened<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
        switch backing {
        case .sqlite:
            return try await body(try SQLiteStore(path: path, clock: clock))
        case .postgres(_, let url, let schema):
            let reopened = PostgresStore(url: url, schema: schema, logger: StoreBackend.logger, clock: clock)
            return try await reopened.whileRunning { try await body(reopened) }
        }
    }
}

/// A counting semaphore for tests: at most `count` holders at once, the others wait in turn.
actor TestSlots {
    private var free: Int
    private var waiting: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []

    init(_ count: Int) {
        free = count
    }

    /// Runs `body` holding a slot, and gives the slot back however `body` ends. Waits for a slot at
    /// most `patience`, then fails rather than wait for ever behind a holder that never returns.
    nonisolated func withSlot<T: Sendable>(
        waitingAtMost patience: Duration, _ body: () async throws -> T
    ) async throws -> T {
        try await acquire(waitingAtMost: patience)
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    /// Waits for a slot; fails after `patience`, or at once when the waiting test is cancelled (its time
    /// limit ran out), so nobody waits for a slot for ever.
    private func acquire(waitingAtMost patience: Duration) async throws {
        if free > 0 {
            free -= 1
            return
        }
        let id = UUID()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Wakes when the patience runs out or the waiting test is cancelled; a no-op once the slot came.
            group.addTask {
                let timedOut = (try? await Task.sleep(for: patience)) != nil
                await self.giveUp(id, because: timedOut ? SlotWaitTimedOut(patience: patience) : CancellationError())
            }
            defer { group.cancelAll() }
            try await withCheckedThrowingContinuation { waiting.append((id, $0)) }
        }
    }

    /// Fails the wait of `id` with `error`, if it still waits.
    private func giveUp(_ id: UUID, because error: any Error) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: error)
    }

    /// Gives a slot back, to the longest waiter if any.
    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().continuation.resume()
        }
    }
}

/// No slot came free in time: some earlier test holds one and never returned.
struct SlotWaitTimedOut: Error, CustomStringConvertible {
    let patience: Duration
    var description: String {
        "waited \(patience) for a PostgreSQL test slot: an earlier test holds its slot and never returned (look for a test that did not finish)"
    }
}
