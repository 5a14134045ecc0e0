import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The scale-out store: any number of replicas share one PostgreSQL database.
///
/// It is a `Service`: its ``run()`` keeps the connection pool open and must run (in the application's
/// `ServiceGroup`) for the store to answer. The schema is migrated by the first call, under an advisory
/// lock. Group commits of new submissions record their audit entries and rollup increments as pending,
/// without a lock; they are sealed onto the one audit chain, under the lock on its head, soon after
/// (by this replica's sealer) and before any read of the chain or the rollups (see ``PostgresAuditLog``).
/// Other audited writes lock the head from their start. Deliveries are claimed with
/// `FOR UPDATE SKIP LOCKED` under a lease. Commits that create deliveries or results notify every
/// replica (`NOTIFY`), which ``changes(_:)`` relays.
public final class PostgresStore: Store, ChangeNotifier, Service {
    let client: PostgresClient
    let logger: Logger
    let relay: PostgresChangeRelay
    private let schema: String?
    private let migration = Mutex<Task<Void, any Error>?>(nil)
    private let started: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation) =
        AsyncStream.makeStream()
    let submissionCommitter: GroupCommitter<SubmissionJob, SubmissionOutcome>
    /// Stamps what is received and decides when a delivery is due; the dispatcher's clock, so retries
    /// and leases follow one time.
    let clock: any GridwayClock
    /// Wakes the sealer after a group commit left entries pending.
    private let sealing: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation) =
        AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))

    /// A store on the database at `url`; with `schema`, every table lives in that schema (created if
    /// needed). `clock` stamps submissions, results and delivery outcomes and decides which deliveries are due.
    public convenience init(
        url: PostgresURL, schema: String? = nil, logger: Logger = Logger(label: "gridway.postgres"),
        clock: any GridwayClock = SystemClock()
    ) {
        self.init(configuration: url.configuration, schema: schema, logger: logger, clock: clock)
    }

    /// A store connecting with `configuration`; see ``init(url:schema:logger:clock:)``.
    public init(
        configuration: PostgresClient.Configuration, schema: String? = nil,
        logger: Logger = Logger(label: "gridway.postgres"), clock: any GridwayClock = SystemClock()
    ) {
        var configuration = configuration
        if let schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
        // Short statements over a few rows: compiling one with LLVM (which the planner's row estimates
        // for `unnest` and the pending tables can trigger) costs more than running it.
        configuration.options.additionalStartupParameters.append(("jit", "off"))
        // The pool's own informational messages (each connection opened or closed) are noise here.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.client = client
        self.logger = logger
        self.schema = schema
        self.clock = clock
        let relay = PostgresChangeRelay(schema: schema)
        self.relay = relay
        let sealer = sealing.continuation
        submissionCommitter = GroupCommitter { jobs in
            let outcomes = try await Self.retrying(client, logger: logger) { connection in
                try await Self.commit(jobs, on: connection, relay: relay, clock: clock, logger: logger)
            }
            sealer.yield()
            return outcomes
        }
    }

    /// Keeps the connection pool running, listens for the changes replicas commit and seals what group
    /// commits leave pending, until the service group shuts down gracefully or the task is cancelled.
    ///
    /// Shutdown is in order: queued submissions are committed, the listener and the sealer's timer stop,
    /// the sealer finishes the seal it is in, and only then does the pool close. A query in flight when the pool closes its connection can
    /// wait for ever (seen in the PostgreSQL test pass: a seal under way at shutdown never returned, so
    /// neither did `run()`). `PostgresClient.run()` stops by itself at the service group's graceful
    /// shutdown, so it runs detached from that signal, and is stopped here once the work has.
    public func run() async throws {
        started.continuation.finish()
        let pool = Task.detached { await self.client.run() }
        await withDiscardingTaskGroup { work in
            // Ends once `sealing` is finished, after the seal it is in.
            work.addTask { await self.sealContinually() }
            await withDiscardingTaskGroup { wakers in
                wakers.addTask {
                    guard (try? await self.migrated()) != nil else { return }
                    await self.relay.listen(with: self.client, logger: self.logger)
                }
                wakers.addTask {
                    // What a replica that stopped before sealing left behind.
                    while (try? await Task.sleep(for: .seconds(1))) != nil { self.sealing.continuation.yield() }
                }
                try? await gracefulShutdown()
                await self.submissionCommitter.finished()
                wakers.cancelAll()
            }
            sealing.continuation.finish()
        }
        pool.cancel()
        await pool.value
    }

    /// Runs `body` while the store runs, outside a service group (one-shot commands, tests), and stops
    /// the store when `body` ends, however it ends: gracefully (see ``run()``), so no background work
    /// of the store outlives this call.
    public func whileRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let services = ServiceGroup(services: [self], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    public func changes(_ change: StoreChange) -> AsyncStream<Void> {
        relay.subscribe(change)
    }

    public func checkReadiness() async throws {
        try await read { connection in try await connection.run("SELECT 1", logger: logger) }
    }

    // MARK: Connections

    /// Waits until the pool runs and the schema is migrated (migrating it on the first call).
    func migrated() async throws {
        try await PostgresOutage.reporting { try await migrateOnce() }
    }

    /// Migrates the schema on the first call; later calls wait for that migration.
    private func migrateOnce() async throws {
        let task = migration.withLock { task in
            if let task { return task }
            let started = Task { [client, schema, logger, signal = started.stream] in
                // Connections are leased once the pool runs: run() signals just before starting it, so
                // give it a moment to begin (a lease before that works, but the client warns).
                for await _ in signal {}
                try await Task.sleep(for: .milliseconds(20))
                try await client.withConnection { connection in
                    try await PostgresMigrations.apply(on: connection, schema: schema, logger: logger)
                }
            }
            task = started
            return started
        }
        do {
            try await task.value
        } catch {
            migration.withLock { $0 = nil }  // the next call tries again
            throw error
        }
    }

    /// Runs `body` on a pooled connection outside any explicit transaction; an outage is thrown as
    /// ``StoreError/unavailable(retryAfter:cause:)`` (see ``PostgresOutage``).
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await migrated()
        return try await PostgresOutage.withConnection(client) { connection in try await body(connection) }
    }

    /// Runs `body` in a transaction, again from the start when it loses a serialization conflict, a
    /// deadlock or an idempotency key to another replica.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await migrated()
        return try await Self.transaction(client, logger: logger, body)
    }

    /// Runs `body` in a transaction that appends to the audit chain: the chain's head is locked first
    /// (so audited writers take their locks in one order, and `body`'s reads and writes are not
    /// interleaved with another audited writer's) and the entries are written before commit.
    func audited<T: Sendable>(_ body: (PostgresConnection, inout PostgresAuditLog) async throws -> T) async throws -> T
    {
        try await write { connection in
            var audit = PostgresAuditLog()
            try await audit.lock(on: connection, logger: logger)
            let value = try await body(connection, &audit)
            try await audit.flush(on: connection, logger: logger)
            return value
        }
    }

    /// Seals what writes left pending, if anything (see ``PostgresAuditLog``), so a read that follows
    /// sees the entries, rollups and burden figures of every write acknowledged so far (burden
    /// figures alone may be pending when a replica of the previous version, which does not know
    /// them, sealed last). With `skippingIfLocked`, does
    /// nothing while another transaction holds the chain's head (it seals, or the next seal will).
    func sealPending(skippingIfLocked: Bool = false) async throws {
        let pending = try await read { connection in
            try await connection.row(
                """
                SELECT EXISTS (SELECT 1 FROM audit_pending) OR EXISTS (SELECT 1 FROM aggregate_pending)
                       OR EXISTS (SELECT 1 FROM burden_pending) AS pending
                """, logger: logger)?.value("pending", as: Bool.self)
        }
        guard pending == true else { return }
        try await write { connection in
            var audit = PostgresAuditLog()
            try await audit.lock(on: connection, skippingIfLocked: skippingIfLocked, logger: logger)
        }
    }

    /// Seals after this replica's group commits, a few milliseconds later so that one seal takes the
    /// entries of several; runs until `sealing` is finished or the task is cancelled.
    private func sealContinually() async {
        for await _ in sealing.stream {
            guard (try? await Task.sleep(for: .milliseconds(10))) != nil else { return }
            do {
                try await sealPending(skippingIfLocked: true)
            } catch {
                if Task.isCancelled { return }
                var metadata: Logger.Metadata = ["error": "\(error)"]
                if let error = error as? PSQLError {
                    metadata["sqlState"] = "\(error.sqlState ?? "")"
                    metadata["reason"] = "\(error.serverInfo?[.message] ?? "")"
                }
                logger.warning("sealing pending audit entries failed", metadata: metadata)
            }
        }
    }

    /// Runs `body` in a transaction on a pooled connection, retried as ``retrying(_:logger:_:)`` says.
    static func transaction<T: Sendable>(
        _ client: PostgresClient, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await retrying(client, logger: logger) { connection in
            try await inTransaction(on: connection, logger: logger) { try await body(connection) }
        }
    }

    /// Runs `body` on a pooled connection, again from the start (up to eight times) when it fails in a
    /// way that running it again may cure: a serialization conflict, a deadlock, or a submission's
    /// idempotency key taken by another replica meanwhile. An outage is thrown as
    /// ``StoreError/unavailable(retryAfter:cause:)`` (see ``PostgresOutage``).
    static func retrying<T: Sendable>(
        _ client: PostgresClient, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await PostgresOutage.withConnection(client) { connection in try await body(connection) }
            } catch let error as PSQLError where error.isTransient && attempt < 8 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }

    /// Runs `body` between `BEGIN` and `COMMIT` on `connection`, rolling back if it throws.
    static func inTransaction<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T
    ) async throws -> T {
        try await connection.run("BEGIN", logger: logger)
        do {
            let value = try await body()
            try await connection.run("COMMIT", logger: logger)
            return value
        } catch {
            try? await connection.run("ROLLBACK", logger: logger)
            throw error
        }
    }

    // MARK: Credentials

    public func createCredential(name: String, role: CredentialRole, keyHash: String, by actor: String) async throws
        -> Credential
    {
        let now = EpochMilliseconds.now()
        let credential = Credential(
            id: TimeOrderedID.make(at: now, prefix: "key_"), name: name, role: role, createdAt: now)
        let (unit, target) = Self.columns(of: role)
        try await audited { connection, audit in
            try await connection.run(
                """
                INSERT INTO credential (id, name, role, unit, target, keyHash, createdAt)
                VALUES (\(credential.id), \(name), \(role.name), \(unit), \(target), \(keyHash), \(EpochMilliseconds.of(now)))
                """, logger: logger)
            audit.append(.credentialCreated(credential), by: actor, at: now)
        }
        return credential
    }

    public func activeCredential(keyHash: String) async throws -> Credential? {
        try await read { connection in
            try await connection.row(
                "SELECT * FROM credential WHERE keyHash = \(keyHash) AND revokedAt IS NULL", logger: logger
            ).map(Self.credential(from:))
        }
    }

    public func credentials() async throws -> [Credential] {
        try await read { connection in
            try await connection.rows("SELECT * FROM credential ORDER BY id DESC", logger: logger).map(
                Self.credential(from:))
        }
    }

    public func revokeCredential(id: String, by actor: String) async throws -> Bool {
        try await audited { connection, audit in
            let now = EpochMilliseconds.now()
            guard
                let row = try await connection.row(
                    """
                    UPDATE credential SET revokedAt = \(EpochMilliseconds.of(now))
                    WHERE id = \(id) AND revokedAt IS NULL RETURNING *
                    """, logger: logger)
            else { return false }
            audit.append(.credentialRevoked(try Self.credential(from: row)), by: actor, at: now)
            return true
        }
    }

    private static func columns(of role: CredentialRole) -> (unit: String?, target: String?) {
        if case .upstream(let target, _) = role { return (role.scopeRoot, target) }
        return (role.scopeRoot, nil)
    }

    // MARK: Audit

    public func auditEntries(from sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await sealPending()
        return try await read { connection in
            try await connection.rows(
                "SELECT * FROM audit WHERE sequence >= \(sequence) ORDER BY sequence LIMIT \(max(0, limit))",
                logger: logger
            ).map(Self.auditEntry(from:))
        }
    }

    public func auditHead() async throws -> AuditHead? {
        try await sealPending()
        return try await read { connection in
            guard let row = try await connection.row("SELECT sequence, hash FROM audit_head", logger: logger) else {
                return nil
            }
            let sequence: Int64 = try row.value("sequence")
            return sequence == 0 ? nil : AuditHead(sequence: sequence, hash: try row.value("hash"))
        }
    }
}
