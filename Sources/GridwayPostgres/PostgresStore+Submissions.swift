import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

extension PostgresStore {
    public func submit(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, targets: [String],
        aggregation: AggregatePlan?, burden: BurdenPlan?
    ) async throws -> SubmissionOutcome {
        try await migrated()
        return try await submissionCommitter.run(
            SubmissionJob(
                request: request, idempotencyKey: idempotencyKey, submittedBy: credential.id, targets: targets,
                aggregation: aggregation, burden: burden))
    }

    public func submission(id: String) async throws -> Submission? {
        try await read { connection in
            try await connection.row("SELECT * FROM submission WHERE id = \(id)", logger: logger).map(
                Self.submission(from:))
        }
    }

    public func submissions(matching query: SubmissionQuery) async throws -> Page<Submission> {
        var listing = PostgresListing("SELECT * FROM submission WHERE true")
        listing.and("unit LIKE ?", query.subtree.map { UnitSubtree(root: $0).likePattern })
        listing.and("contract = ?", query.contract?.description)
        listing.and("period = ?", query.period)
        listing.and("status = ?", query.status?.rawValue)
        listing.and("id IN (SELECT submissionID FROM delivery WHERE target = ?)", query.deliveredTo)
        listing.and("subjectKey = ?", query.subjectKey)
        listing.and("id < ?", query.before)
        return try await listing.page(
            order: "id DESC", limit: query.limit, in: self, decode: Self.submission(from:), cursor: \.id)
    }

    /// Stores the jobs of one group commit on `connection`.
    ///
    /// New reports take no lock: their idempotency keys are read, then one statement in its own
    /// transaction inserts them and their deliveries and records their audit entries and rollup
    /// increments as pending, sealed later (see ``PostgresAuditLog``). A key another replica stored
    /// meanwhile makes the statement fail and the batch run again. A correction reads and rewrites
    /// stored rows (the submission it replaces, its deliveries, the rollups' extremes): a batch holding
    /// one runs in a transaction that locks the chain's head from its start, like every other audited
    /// writer. Each submission is received at the time `clock` tells when its turn comes.
    static func commit(
        _ jobs: [SubmissionJob], on connection: PostgresConnection, relay: PostgresChangeRelay,
        clock: any GridwayClock, logger: Logger
    ) async throws -> [SubmissionOutcome] {
        guard jobs.contains(where: { $0.request.supersedes != nil }) else {
            var audit = PostgresAuditLog()
            let outcomes = try await store(jobs, on: connection, audit: &audit, clock: clock, logger: logger)
            if outcomes.contains(where: \.routesDeliveries) { audit.announceDeliveries(on: relay.channel) }
            try await audit.flush(on: connection, logger: logger)
            return outcomes
        }
        return try await inTransaction(on: connection, logger: logger) {
            var audit = PostgresAuditLog()
            try await audit.lock(on: connection, logger: logger)
            let outcomes = try await store(jobs, on: connection, audit: &audit, clock: clock, logger: logger)
            try await audit.flush(on: connection, logger: logger)
            if outcomes.contains(where: \.routesDeliveries) {
                try await relay.announce(.deliveries, on: connection, logger: logger)
            }
            return outcomes
        }
    }

    /// Stores each job in turn, gathering new reports in `audit`.
    private static func store(
        _ jobs: [SubmissionJob], on connection: PostgresConnection, audit: inout PostgresAuditLog,
        clock: any GridwayClock, logger: Logger
    ) async throws -> [SubmissionOutcome] {
        var batch = try await PostgresSubmissionBatch(for: jobs, on: connection, logger: logger)
        var outcomes: [SubmissionOutcome] = []
        for job in jobs {
            let now = EpochMilliseconds.now(on: clock)
            outcomes.append(try await store(job, at: now, in: &batch, on: connection, audit: &audit, logger: logger))
        }
        return outcomes
    }

    /// Stores one submission, received at `now`, or says why not. A new report joins `audit`, written
    /// with the others at the end; a correction is written at once (the audit head already locked),
    /// after what `audit` holds, since it reads and updates stored rows.
    private static func store(
        _ job: SubmissionJob, at now: Date, in batch: inout PostgresSubmissionBatch, on connection: PostgresConnection,
        audit: inout PostgresAuditLog, logger: Logger
    ) async throws -> SubmissionOutcome {
        if let existing = batch.existing(for: job) {
            return existing.digest == job.digest ? .replayed(existing) : .idempotencyKeyReused(existing: existing)
        }
        guard let supersededID = job.request.supersedes else {
            let submission = accepted(job, at: now, audit: &audit)
            let deliveries = job.targets.map {
                Delivery.pending(
                    of: submission, to: $0, orderKey: job.deliveryOrderKey, deadline: job.deliveryDeadline)
            }
            try audit.add(submission, of: job, deliveries: deliveries)
            batch.remember(submission)
            return .accepted(submission, deliveries: deliveries)
        }
        try await audit.flush(on: connection, logger: logger)
        guard
            let earlier = try await connection.row(
                "SELECT * FROM submission WHERE id = \(supersededID) FOR UPDATE", logger: logger
            ).map(Self.submission(from:))
        else {
            return .supersededNotFound(id: supersededID)
        }
        if let refusal = CorrectionRules.refusal(of: job.request, superseding: earlier) { return refusal }
        let submission = accepted(job, at: now, audit: &audit)
        try audit.add(submission, of: job, deliveries: [])
        batch.remember(submission)
        // Subtracting may recompute extremes from the stored rows: they must hold everything added so far.
        try await audit.flush(on: connection, logger: logger)
        try await connection.run(
            """
            UPDATE submission SET status = \(SubmissionStatus.superseded.rawValue), supersededBy = \(submission.id)
            WHERE id = \(earlier.id)
            """, logger: logger)
        try await subtractAggregates(of: earlier, plan: job.aggregation, on: connection, logger: logger)
        return .accepted(
            submission, deliveries: try await routeCorrection(submission, of: earlier, on: connection, logger: logger))
    }

    /// A new submission for `job`, received at `now`, audited.
    private static func accepted(_ job: SubmissionJob, at now: Date, audit: inout PostgresAuditLog) -> Submission {
        let submission = Submission(
            id: TimeOrderedID.make(at: now), request: job.request, digest: job.digest, submittedBy: job.submittedBy,
            idempotencyKey: job.idempotencyKey, receivedAt: now)
        audit.append(.submissionStored(submission), by: job.submittedBy, at: now)
        return submission
    }

    /// Writes what ``CorrectionRules/route(_:of:originalDeliveries:)`` decides for `correction`.
    private static func routeCorrection(
        _ correction: Submission, of original: Submission, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Delivery] {
        let deliveries = try await connection.rows(
            "SELECT * FROM delivery WHERE submissionID = \(original.id) AND state <> 'cancelled' ORDER BY target, id FOR UPDATE",
            logger: logger
        ).map(delivery(from:))
        let route = CorrectionRules.route(correction, of: original.id, originalDeliveries: deliveries)
        for id in route.cancelled {
            try await connection.run(
                "UPDATE delivery SET state = 'cancelled', dueAt = NULL WHERE id = \(id)", logger: logger)
        }
        for delivery in route.deliveries { try await insert(delivery, on: connection, logger: logger) }
        return route.deliveries
    }

    /// Writes a new, pending delivery row.
    static func insert(_ delivery: Delivery, on connection: PostgresConnection, logger: Logger) async throws {
        let created = EpochMilliseconds.of(delivery.createdAt)
        try await connection.run(
            """
            INSERT INTO delivery (id, submissionID, resultID, unit, target, state, attempts, dueAt, correctsSubmission,
                                  originalReceipt, orderKey, deadlineAt, createdAt)
            VALUES (\(delivery.id), \(delivery.subject.submissionID), \(delivery.subject.resultID),
                    \(delivery.subject.unit), \(delivery.target), \(delivery.state.rawValue), 0,
                    \(delivery.nextAttemptAt.map(EpochMilliseconds.of)), \(delivery.correction?.originalSubmissionID),
                    \(delivery.correction?.originalReceipt), \(delivery.orderKey),
                    \(delivery.deadline.map(EpochMilliseconds.of)), \(created))
            """, logger: logger)
    }
}

extension SubmissionOutcome {
    /// Whether the outcome created deliveries, which the commit announces to every replica.
    fileprivate var routesDeliveries: Bool {
        if case .accepted(_, let deliveries) = self { !deliveries.isEmpty } else { false }
    }
}
