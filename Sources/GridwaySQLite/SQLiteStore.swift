import Foundation
import GRDB
import OrderedCollections
import GridwayCore
import GridwayStore

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so every commit is durable.
public final class SQLiteStore: Store {
    package let pool: SQLitePool
    private let submissions: GroupCommitter<SubmissionJob, SubmissionOutcome>
    /// Delivery outcomes, many to a commit: every dispatcher lane records one per attempt.
    let outcomes: GroupCommitter<(result: DeliveryResult, id: String), Bool>

    /// The writer connection's settings (readers keep SQLite's defaults): a page cache of 32 MiB
    /// instead of 2 MiB, so a batch's aggregate upserts find their B-tree pages in memory, and a
    /// checkpoint every 10 000 WAL pages (about 40 MB) instead of 1 000, so a commit seldom also
    /// copies the pages it wrote back into the database file.
    static let writerPragmas = "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 10000"

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
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
        self.submissions = GroupCommitter { jobs in
            try await pool.write { db in
                var audit = try AuditLog(db)
                var aggregates = AggregateRecordBuffer()
                var burden = BurdenBuffer()
                let outcomes = try jobs.map {
                    try Self.store($0, in: db, audit: &audit, aggregates: &aggregates, burden: &burden)
                }
                try Self.flush(&aggregates, in: db)
                try Self.flush(&burden, in: db)
                return outcomes
            }
        }
        self.outcomes = GroupCommitter { jobs in
            try await pool.write { db in try jobs.map { try Self.record($0.result, forDelivery: $0.id, in: db) } }
        }
    }

    public func checkReadiness() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    // MARK: Credentials

    public func createCredential(name: String, role: CredentialRole, keyHash: String, by actor: String) async throws
        -> Credential
    {
        let now = EpochMilliseconds.now()
        let credential = Credential(id: TimeOrderedID.make(at: now, prefix: "key_"), name: name, role: role, createdAt: now)
        try await pool.write { db in
            try CredentialRecord(credential, keyHash: keyHash).insert(db)
            var audit = try AuditLog(db)
            try audit.append(
                actor: actor, action: "credential.created", subject: credential.id,
                detail: Self.auditDetail(of: credential), at: credential.createdAt)
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
            try audit.append(
                actor: actor, action: "credential.revoked", subject: id,
                detail: Self.auditDetail(of: try record.credential()), at: now)
            return true
        }
    }

    private static func auditDetail(of credential: Credential) -> JSONValue {
        var detail: OrderedDictionary<String, JSONValue> = ["name": .string(credential.name), "role": .string(credential.role.name)]
        if let root = credential.role.scopeRoot { detail["unit"] = .string(root) }
        if case .upstream(let target, _) = credential.role { detail["target"] = .string(target) }
        return .object(detail)
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
            if let subtree = query.subtree { request = request.filter(sql: "unit GLOB ?", arguments: [subtree + "*"]) }
            if let contract = query.contract { request = request.filter(Column("contract") == contract.description) }
            if let period = query.period { request = request.filter(Column("period") == period) }
            if let status = query.status { request = request.filter(Column("status") == status.rawValue) }
            if let target = query.deliveredTo {
                request = request.filter(sql: "id IN (SELECT submissionID FROM delivery WHERE target = ?)", arguments: [target])
            }
            if let subjectKey = query.subjectKey { request = request.filter(Column("subjectKey") == subjectKey) }
            if let before = query.before { request = request.filter(Column("id") < before) }
            let limit = max(1, query.limit)
            let records = try request.order(Column("id").desc).limit(limit + 1).fetchAll(db)
            let items = try records.prefix(limit).map { try $0.submission() }
            return Page(items: items, nextCursor: records.count > limit ? items.last?.id : nil)
        }
    }

    /// Stores one submission inside the batch's transaction, or says why not.
    private static func store(
        _ job: SubmissionJob, in db: Database, audit: inout AuditLog, aggregates: inout AggregateRecordBuffer,
        burden: inout BurdenBuffer
    ) throws -> SubmissionOutcome {
        if let existing = try SubmissionRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM submission WHERE submittedBy = ? AND idempotencyKey = ?"),
            arguments: [job.submittedBy, job.idempotencyKey])?.submission()
        {
            return existing.digest == job.digest ? .replayed(existing) : .idempotencyKeyReused(existing: existing)
        }
        guard let supersededID = job.request.supersedes else {
            let submission = try insert(job, in: db, audit: &audit)
            try aggregates.add(job)
            if let plan = job.burden { burden.add(plan) }
            let deliveries = try job.targets.map { try insertDelivery(of: submission, to: $0, correcting: nil, in: db) }
            return .accepted(submission, deliveries: deliveries)
        }
        // A submission of another unit is reported as missing, so a caller learns nothing outside its scope.
        guard var earlier = try SubmissionRecord.fetchOne(db, key: supersededID), earlier.unit == job.request.unit else {
            return .supersededNotFound(id: supersededID)
        }
        guard earlier.contract == job.request.contract.description, earlier.period == job.request.period else {
            return .supersededMismatch(id: supersededID)
        }
        if let later = earlier.supersededBy { return .alreadySuperseded(id: supersededID, by: later) }
        let submission = try insert(job, in: db, audit: &audit)
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

    private static func insert(_ job: SubmissionJob, in db: Database, audit: inout AuditLog) throws -> Submission {
        let now = EpochMilliseconds.now()
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
        var detail: OrderedDictionary<String, JSONValue> = [
            "contract": .string(record.contract), "unit": .string(record.unit), "digest": .string(job.digest),
        ]
        if let period = record.period { detail["period"] = .string(period) }
        if let supersedes = record.supersedes { detail["supersedes"] = .string(supersedes) }
        try audit.append(
            actor: job.submittedBy, action: record.supersedes == nil ? "submission.accepted" : "submission.corrected",
            subject: submission.id, detail: .object(detail), at: now)
        return submission
    }

    /// Sends a correction to the targets of the original: as a correction where the original was
    /// delivered, in its place (the original cancelled) where it was not.
    private static func routeCorrection(_ correction: Submission, of original: SubmissionRecord, in db: Database) throws
        -> [Delivery]
    {
        let deliveries = try DeliveryRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM delivery WHERE submissionID = ? AND state <> 'cancelled'"),
            arguments: [original.id])
        return try deliveries.map { record in
            var delivery = record
            if delivery.state == DeliveryState.delivered.rawValue {
                return try insertDelivery(
                    of: correction, to: delivery.target,
                    correcting: Delivery.Correction(originalSubmissionID: original.id, originalReceipt: delivery.receipt),
                    in: db)
            }
            delivery.state = DeliveryState.cancelled.rawValue
            delivery.dueAt = nil
            try delivery.update(db)
            return try insertDelivery(of: correction, to: delivery.target, correcting: nil, in: db)
        }
    }

    private static func insertDelivery(
        of submission: Submission, to target: String, correcting correction: Delivery.Correction?, in db: Database
    ) throws -> Delivery {
        let delivery = Delivery(
            id: TimeOrderedID.make(at: submission.receivedAt), subject: .submission(submission.id), target: target,
            state: .pending, nextAttemptAt: submission.receivedAt, correction: correction, createdAt: submission.receivedAt)
        try insert(delivery, in: db)
        return delivery
    }

    /// Writes a new delivery row.
    static func insert(_ delivery: Delivery, in db: Database) throws {
        let record = DeliveryRecord(delivery)
        try db.cachedStatement(
            sql: """
                INSERT INTO delivery (id, submissionID, resultID, unit, target, state, attempts, dueAt, lastError,
                                      receipt, correctsSubmission, originalReceipt, createdAt, deliveredAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.id, record.submissionID, record.resultID, record.unit, record.target, record.state, record.attempts,
            record.dueAt, record.lastError, record.receipt, record.correctsSubmission, record.originalReceipt,
            record.createdAt, record.deliveredAt,
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
