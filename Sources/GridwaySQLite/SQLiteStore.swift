import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore
import ServiceLifecycle

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so every commit is durable.
///
/// It answers without running: group commits are made in their callers' tasks (see ``GroupCommitter``),
/// so tools and tests use it as it is. It is also a `Service`: in the application's `ServiceGroup`,
/// which stops it last, its ``run()`` holds the shutdown until every queued write is committed.
public final class SQLiteStore: Store, Service {
    package let pool: SQLitePool
    private let submissions: GroupCommitter<SubmissionJob, SubmissionOutcome>
    /// Delivery outcomes, many to a commit: every dispatcher lane records one per attempt.
    let outcomes: GroupCommitter<(result: DeliveryResult, id: String), Bool>
    /// Stamps what is received and decides when a delivery is due; the dispatcher's clock, so retries
    /// and leases follow one time.
    let clock: any GridwayClock

    /// The writer connection's settings (readers keep SQLite's defaults): a page cache of 32 MiB
    /// instead of 2 MiB, so a batch's aggregate upserts find their B-tree pages in memory; a
    /// checkpoint every 10 000 WAL pages (about 40 MB) instead of 1 000, so a commit seldom also
    /// copies the pages it wrote back into the database file; and `secure_delete`, so the bytes of
    /// erased personal data are zeroed where they lay, not left in free space (see ``remnants(of:)``).
    static let writerPragmas =
        "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 10000; PRAGMA secure_delete = ON"

    /// Opens (creating if needed) the database at `path` and applies pending migrations; `clock` stamps
    /// submissions, results and delivery outcomes and decides which deliveries are due.
    public init(path: String, clock: any GridwayClock = SystemClock()) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            db.add(function: AggregateMeasures.addFunction)
            if !db.configuration.readonly { try db.execute(sql: Self.writerPragmas) }
        }
        let databasePool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteMigrations.migrator.migrate(databasePool)
        let pool = SQLitePool(databasePool)
        self.pool = pool
        self.clock = clock
        self.submissions = GroupCommitter { jobs in
            try await pool.write { db in
                var audit = try AuditLog(db)
                var aggregates = AggregateRecordBuffer()
                var burden = BurdenBuffer()
                let outcomes = try jobs.map {
                    try Self.store(
                        $0, at: EpochMilliseconds.now(on: clock), in: db, audit: &audit, aggregates: &aggregates,
                        burden: &burden)
                }
                try Self.flush(&aggregates, in: db)
                try Self.flush(&burden, in: db)
                return outcomes
            }
        }
        self.outcomes = GroupCommitter { jobs in
            try await pool.write { db in
                try jobs.map { try Self.record($0.result, forDelivery: $0.id, at: clock.date, in: db) }
            }
        }
    }

    /// Waits for the service group's graceful shutdown (or cancellation), then returns once no
    /// submission or delivery outcome waits for its commit.
    public func run() async throws {
        try? await gracefulShutdown()
        await submissions.finished()
        await outcomes.finished()
    }

    public func checkReadiness() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    // MARK: Credentials

    public func createCredential(name: String, role: CredentialRole, keyHash: String, by actor: String) async throws
        -> Credential
    {
        let now = EpochMilliseconds.now()
        let credential = Credential(
            id: TimeOrderedID.make(at: now, prefix: "key_"), name: name, role: role, createdAt: now)
        try await pool.write { db in
            try CredentialRecord(credential, keyHash: keyHash).insert(db)
            var audit = try AuditLog(db)
            try audit.append(.credentialCreated(credential), by: actor, at: credential.createdAt)
        }
        return credential
    }

    public func activeCredential(keyHash: String) async throws -> Credential? {
        try await pool.read { db in
            try CredentialRecord.filter(Column("keyHash") == keyHash && Column("revokedAt") == nil).fetchOne(db)?
                .credential()
        }
    }

    public func credentials() async throws -> [Credential] {
        try await pool.read { db in
            try CredentialRecord.order(Column("id").desc).fetchAll(db).map { try $0.credential() }
        }
    }

    public func revokeCredential(id: String, by actor: String) async throws -> Bool {
        try await pool.write { db in
            guard var record = try CredentialRecord.fetchOne(db, key: id), record.revokedAt == nil else { return false }
            let now = EpochMilliseconds.now()
            record.revokedAt = EpochMilliseconds.of(now)
            try record.update(db)
            var audit = try AuditLog(db)
            try audit.append(.credentialRevoked(try record.credential()), by: actor, at: now)
            return true
        }
    }

    // MARK: Submissions

    public func submit(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, targets: [String],
        aggregation: AggregatePlan?, burden: BurdenPlan?
    ) async throws -> SubmissionOutcome {
        try await submissions.run(
            SubmissionJob(
                request: request, idempotencyKey: idempotencyKey, submittedBy: credential.id, targets: targets,
                aggregation: aggregation, burden: burden))
    }

    public func submission(id: String) async throws -> Submission? {
        try await pool.read { db in try SubmissionRecord.fetchOne(db, key: id)?.submission() }
    }

    public func submissions(matching query: SubmissionQuery) async throws -> Page<Submission> {
        try await pool.read { db in
            var request = SubmissionRecord.all()
            if let subtree = query.subtree {
                request = request.filter(sql: "unit GLOB ?", arguments: [UnitSubtree(root: subtree).globPattern])
            }
            if let contract = query.contract { request = request.filter(Column("contract") == contract.description) }
            if let period = query.period { request = request.filter(Column("period") == period) }
            if let status = query.status { request = request.filter(Column("status") == status.rawValue) }
            if let target = query.deliveredTo {
                request = request.filter(
                    sql: "id IN (SELECT submissionID FROM delivery WHERE target = ?)", arguments: [target])
            }
            if let subjectKey = query.subjectKey { request = request.filter(Column("subjectKey") == subjectKey) }
            if let before = query.before { request = request.filter(Column("id") < before) }
            let limit = max(1, query.limit)
            let records = try request.order(Column("id").desc).limit(limit + 1).fetchAll(db)
            let items = try records.prefix(limit).map { try $0.submission() }
            return Page(items: items, nextCursor: records.count > limit ? items.last?.id : nil)
        }
    }

    /// Stores one submission, received at `now`, inside the batch's transaction, or says why not.
    private static func store(
        _ job: SubmissionJob, at now: Date, in db: Database, audit: inout AuditLog,
        aggregates: inout AggregateRecordBuffer, burden: inout BurdenBuffer
    ) throws -> SubmissionOutcome {
        if let existing = try SubmissionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM submission WHERE submittedBy = ? AND idempotencyKey = ?"),
            arguments: [job.submittedBy, job.idempotencyKey])?.submission()
        {
            return existing.digest == job.digest ? .replayed(existing) : .idempotencyKeyReused(existing: existing)
        }
        guard let supersededID = job.request.supersedes else {
            let submission = try insert(job, at: now, in: db, audit: &audit)
            try aggregates.add(job)
            if let plan = job.burden { burden.add(plan) }
            let deliveries = job.targets.map {
                Delivery.pending(
                    of: submission, to: $0, orderKey: job.deliveryOrderKey, deadline: job.deliveryDeadline)
            }
            for delivery in deliveries { try insert(delivery, in: db) }
            return .accepted(submission, deliveries: deliveries)
        }
        guard var earlier = try SubmissionRecord.fetchOne(db, key: supersededID) else {
            return .supersededNotFound(id: supersededID)
        }
        if let refusal = CorrectionRules.refusal(of: job.request, superseding: try earlier.submission()) {
            return refusal
        }
        let submission = try insert(job, at: now, in: db, audit: &audit)
        earlier.status = SubmissionStatus.superseded.rawValue
        earlier.supersededBy = submission.id
        try earlier.update(db)
        try aggregates.add(job)
        if let plan = job.burden { burden.add(plan) }
        if let plan = job.aggregation {
            try aggregates.remove(
                try JSONValue(parsing: earlier.data), contract: earlier.contract, period: earlier.period, plan: plan)
        }
        return .accepted(submission, deliveries: try routeCorrection(submission, of: earlier, in: db))
    }

    private static func insert(_ job: SubmissionJob, at now: Date, in db: Database, audit: inout AuditLog) throws
        -> Submission
    {
        let submission = Submission(
            id: TimeOrderedID.make(at: now), request: job.request, digest: job.digest, submittedBy: job.submittedBy,
            idempotencyKey: job.idempotencyKey, receivedAt: now)
        let record = SubmissionRecord(submission, serializedData: job.serializedData)
        try db.cachedStatement(
            sql: """
                INSERT INTO submission (id, contract, unit, period, data, supersedes, digest, submittedBy,
                                        idempotencyKey, receivedAt, status, supersededBy, subjectKey)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.id, record.contract, record.unit, record.period, record.data, record.supersedes, record.digest,
            record.submittedBy, record.idempotencyKey, record.receivedAt, record.status, record.supersededBy,
            job.request.subjectKey,
        ])
        try audit.append(.submissionStored(submission), by: job.submittedBy, at: now)
        return submission
    }

    /// Writes what ``CorrectionRules/route(_:of:originalDeliveries:)`` decides for `correction`.
    private static func routeCorrection(_ correction: Submission, of original: SubmissionRecord, in db: Database) throws
        -> [Delivery]
    {
        let deliveries = try DeliveryRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM delivery WHERE submissionID = ? AND state <> 'cancelled'"),
            arguments: [original.id])
        let route = CorrectionRules.route(
            correction, of: original.id, originalDeliveries: try deliveries.map { try $0.delivery() })
        for id in route.cancelled {
            try db.cachedStatement(sql: "UPDATE delivery SET state = 'cancelled', dueAt = NULL WHERE id = ?")
                .execute(arguments: [id])
        }
        for delivery in route.deliveries { try insert(delivery, in: db) }
        return route.deliveries
    }

    /// Writes a new delivery row.
    static func insert(_ delivery: Delivery, in db: Database) throws {
        let record = DeliveryRecord(delivery)
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery (id, submissionID, resultID, unit, target, state, attempts, dueAt, lastError,
                                      receipt, correctsSubmission, originalReceipt, orderKey, deadlineAt, createdAt,
                                      deliveredAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.id, record.submissionID, record.resultID, record.unit, record.target, record.state, record.attempts,
            record.dueAt, record.lastError, record.receipt, record.correctsSubmission, record.originalReceipt,
            record.orderKey, record.deadlineAt, record.createdAt, record.deliveredAt,
        ])
    }

    // MARK: Audit

    public func auditEntries(from sequence: Int64, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            try AuditRecord.filter(Column("sequence") >= sequence).order(Column("sequence")).limit(limit).fetchAll(db)
                .map { try $0.entry() }
        }
    }

    public func auditHead() async throws -> AuditHead? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_head").map {
                AuditHead(sequence: $0["sequence"], hash: $0["hash"])
            }
        }
    }
}
