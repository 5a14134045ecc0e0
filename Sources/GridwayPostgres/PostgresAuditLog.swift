import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Logging
import PostgresNIO

/// Gathers what one transaction appends — audit entries and, for submissions, their rows, deliveries
/// and rollup increments — and writes it all in one statement.
///
/// The chain is one sequence, appended by one writer at a time under the lock on its head row
/// (`SELECT … FOR UPDATE`, held until commit, so across the commit's `fsync`). Writes do not take that
/// lock to record what they did: ``flush(on:logger:)`` commits their entries to `audit_pending` and
/// their rollup increments to `aggregate_pending` with the write itself, and ``seal(on:logger:)``,
/// run by whoever holds the head, moves everything pending onto the chain (in the order it was
/// recorded) and into `aggregate`. Group commits of new reports on every replica therefore write
/// side by side, and one seal appends many of them at once. A transaction whose other statements need
/// mutual exclusion with every audited writer, or the exact rollups, calls ``lock(on:logger:)`` first:
/// it seals what is pending, and its own flush seals again.
struct PostgresAuditLog {
    private var entries: [AuditEntry] = []
    private var submissions: [(submission: Submission, serializedData: String)] = []
    private var deliveries: [Delivery] = []
    private var aggregates = AggregateBuffer()
    private var burden = BurdenBuffer()
    /// The channel to announce new deliveries on when the statement commits, if any.
    private var announcing: String?
    /// Whether this transaction holds the chain's head, so its flushes seal too.
    private var holdsHead = false

    /// An empty log; the head is not locked yet.
    init() {}

    /// Whether no entry waits to be written.
    var isEmpty: Bool { entries.isEmpty }

    /// Locks the head of the chain for the rest of the transaction on `connection`, then seals what
    /// is pending, so the transaction reads every rollup acknowledged so far. With `skippingIfLocked`,
    /// does nothing when another transaction holds the head (that one seals).
    mutating func lock(on connection: PostgresConnection, skippingIfLocked: Bool = false, logger: Logger) async throws {
        let query: PostgresQuery =
            skippingIfLocked
            ? "SELECT sequence FROM audit_head FOR UPDATE SKIP LOCKED" : "SELECT sequence FROM audit_head FOR UPDATE"
        guard try await connection.row(query, logger: logger) != nil else {
            if skippingIfLocked { return }
            throw StoreError.corruptRow(table: "audit_head", id: "head", reason: "the chain's head row is missing")
        }
        holdsHead = true
        try await Self.seal(on: connection, logger: logger)
    }

    /// Gathers the entry of `event`, a write `actor` made in the same transaction.
    mutating func append(_ event: AuditEvent, by actor: String, at: Date) {
        entries.append(
            AuditEntry(
                sequence: 0, at: EpochMilliseconds.date(EpochMilliseconds.of(at)), actor: actor, action: event.action,
                subject: event.subject, detail: event.detail, previousHash: "", hash: ""))
    }

    /// Gathers a new submission (its entry appended separately), its deliveries, its rollup increments
    /// and its burden figures.
    mutating func add(_ submission: Submission, of job: SubmissionJob, deliveries: [Delivery])
        throws(AggregateOverflowError)
    {
        try aggregates.add(job)
        if let plan = job.burden { burden.add(plan) }
        submissions.append((submission, job.serializedData))
        self.deliveries += deliveries
    }

    /// Has the flush announce new deliveries on `channel` (`NOTIFY`, delivered on commit).
    mutating func announceDeliveries(on channel: String) {
        announcing = channel
    }

    /// Writes everything gathered so far in one statement — the submissions and deliveries, the rollup
    /// increments and the entries, pending — then, if this transaction holds the head, seals them.
    ///
    /// A submission another replica stored meanwhile under the same key fails the statement with a
    /// unique violation; the caller runs the batch again, and then replays it.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        let entries = entries
        let rows = submissions
        let deliveries = deliveries
        let increments = aggregates.drain()
        let burdens = burden.drain()
        let channel = announcing
        self.entries.removeAll()
        submissions.removeAll()
        self.deliveries.removeAll()
        announcing = nil
        try await connection.run(
            """
            WITH
            s AS (
                INSERT INTO submission (id, contract, unit, period, data, supersedes, digest, submittedBy,
                                        idempotencyKey, receivedAt, status, subjectKey)
                SELECT id, contract, unit, CASE WHEN noPeriod THEN NULL ELSE period END, data, NULLIF(supersedes, ''),
                       digest, submittedBy, idempotencyKey, receivedAt, 'accepted',
                       CASE WHEN noSubjectKey THEN NULL ELSE subjectKey END
                FROM unnest(\(rows.map(\.submission.id))::text[], \(rows.map(\.submission.request.contract.description))::text[],
                            \(rows.map(\.submission.request.unit))::text[], \(rows.map { $0.submission.request.period ?? "" })::text[],
                            \(rows.map { $0.submission.request.period == nil })::bool[], \(rows.map(\.serializedData))::text[],
                            \(rows.map { $0.submission.request.supersedes ?? "" })::text[],
                            \(rows.map(\.submission.digest))::text[], \(rows.map(\.submission.submittedBy))::text[],
                            \(rows.map(\.submission.idempotencyKey))::text[],
                            \(rows.map { EpochMilliseconds.of($0.submission.receivedAt) })::bigint[],
                            \(rows.map { $0.submission.request.subjectKey ?? "" })::text[],
                            \(rows.map { $0.submission.request.subjectKey == nil })::bool[])
                    AS x(id, contract, unit, period, noPeriod, data, supersedes, digest, submittedBy, idempotencyKey,
                         receivedAt, subjectKey, noSubjectKey)
                RETURNING 1),
            d AS (
                INSERT INTO delivery (id, submissionID, target, state, attempts, dueAt, orderKey, deadlineAt, createdAt)
                SELECT id, submissionID, target, 'pending', 0, createdAt, NULLIF(orderKey, ''), NULLIF(deadlineAt, '')::bigint, createdAt
                FROM unnest(\(deliveries.map(\.id))::text[], \(deliveries.map { $0.subject.submissionID ?? "" })::text[],
                            \(deliveries.map(\.target))::text[], \(deliveries.map { $0.orderKey ?? "" })::text[],
                            \(deliveries.map { $0.deadline.map { String(EpochMilliseconds.of($0)) } ?? "" })::text[],
                            \(deliveries.map { EpochMilliseconds.of($0.createdAt) })::bigint[])
                    AS x(id, submissionID, target, orderKey, deadlineAt, createdAt)
                RETURNING 1),
            increments AS (
                INSERT INTO aggregate_pending (contract, period, unit, dimension, dimensionValue, measure,
                                               submissions, valueCount, sum, minValue, maxValue)
                SELECT \(increments.map(\.key.contract))::text[], \(increments.map(\.key.period))::text[],
                       \(increments.map(\.key.unit))::text[], \(increments.map(\.key.cell.dimension))::text[],
                       \(increments.map(\.key.cell.dimensionValue))::text[], \(increments.map(\.key.cell.measure))::text[],
                       \(increments.map { Int64($0.figures.submissions) })::bigint[],
                       \(increments.map { Int64($0.figures.values) })::bigint[],
                       \(increments.map(\.figures.sum.description))::text[]::numeric[],
                       \(increments.map { $0.figures.min?.description ?? "" })::text[],
                       \(increments.map { $0.figures.max?.description ?? "" })::text[]
                WHERE \(!increments.isEmpty)
                RETURNING 1),
            burdens AS (
                INSERT INTO burden_pending (contract, period, unit, submissions, fieldsTyped, fieldsKept, valuesDelivered,
                                            formsReplaced)
                SELECT \(burdens.map(\.key.contract))::text[], \(burdens.map(\.key.period))::text[],
                       \(burdens.map(\.key.unit))::text[], \(burdens.map(\.figures.submissions))::bigint[],
                       \(burdens.map(\.figures.fieldsTyped))::bigint[], \(burdens.map(\.figures.fieldsKept))::bigint[],
                       \(burdens.map(\.figures.valuesDelivered))::bigint[], \(burdens.map(\.figures.formsReplaced))::bigint[]
                WHERE \(!burdens.isEmpty)
                RETURNING 1),
            announced AS (
                SELECT pg_notify(channel, \(StoreChange.deliveries.rawValue))
                FROM unnest(\(channel.map { [$0] } ?? [])::text[]) AS x(channel))
            INSERT INTO audit_pending (atMillis, actor, action, subject, detail)
            VALUES (\(entries.map { EpochMilliseconds.of($0.at) })::bigint[], \(entries.map(\.actor))::text[],
                    \(entries.map(\.action))::text[], \(entries.map(\.subject))::text[],
                    \(entries.map { $0.detail.serializedString(sortedKeys: true) })::text[])
            RETURNING (SELECT count(*) FROM announced)
            """, logger: logger)
        if holdsHead { try await Self.seal(on: connection, logger: logger) }
    }

    /// Moves everything pending onto the chain and into the rollups: the entries in the order they
    /// were recorded, chained onto the head; the increments added to their `aggregate` rows. The
    /// transaction on `connection` must hold the head (``lock(on:logger:)``).
    ///
    /// Only rows committed when the statement starts move; a write committing meanwhile is sealed by
    /// the next seal.
    static func seal(on connection: PostgresConnection, logger: Logger) async throws {
        var pending: [(at: Int64, actor: String, action: String, subject: String, detail: String)] = []
        var head: (sequence: Int64, hash: String)?
        for row in try await connection.rows(
            PostgresQuery(
                unsafeSQL: """
                    WITH \(foldingPendingRollups), \(foldingPendingBurden), sealed AS (DELETE FROM audit_pending RETURNING *)
                    SELECT sealed.*, h.sequence AS headSequence, h.hash AS headHash
                    FROM sealed, audit_head h ORDER BY sealed.id
                    """),
            logger: logger)
        {
            let at = try row.value("atmillis", as: [Int64].self)
            let actors = try row.value("actor", as: [String].self)
            let actions = try row.value("action", as: [String].self)
            let subjects = try row.value("subject", as: [String].self)
            let details = try row.value("detail", as: [String].self)
            guard [actors.count, actions.count, subjects.count, details.count].allSatisfy({ $0 == at.count }) else {
                throw StoreError.corruptRow(
                    table: "audit_pending", id: "\(try row.value("id", as: Int64.self))",
                    reason: "its arrays differ in length")
            }
            for index in at.indices {
                pending.append((at[index], actors[index], actions[index], subjects[index], details[index]))
            }
            head = (try row.value("headsequence"), try row.value("headhash"))
        }
        guard let head, !pending.isEmpty else { return }
        var hashes: [String] = []
        var previousHash = head.hash
        for (offset, entry) in pending.enumerated() {
            previousHash = AuditEntry.expectedHash(
                sequence: head.sequence + 1 + Int64(offset), at: EpochMilliseconds.date(entry.at), actor: entry.actor,
                action: entry.action, subject: entry.subject, detail: try JSONValue(parsing: entry.detail),
                previousHash: previousHash)
            hashes.append(previousHash)
        }
        let last = head.sequence + Int64(pending.count)
        try await connection.run(
            """
            WITH appended AS (
                INSERT INTO audit (sequence, atMillis, actor, action, subject, detail, previousHash, hash)
                SELECT * FROM unnest(\(Array(head.sequence + 1...last))::bigint[], \(pending.map(\.at))::bigint[],
                                     \(pending.map(\.actor))::text[], \(pending.map(\.action))::text[],
                                     \(pending.map(\.subject))::text[], \(pending.map(\.detail))::text[],
                                     \([head.hash] + hashes.dropLast())::text[], \(hashes)::text[])
                RETURNING 1)
            UPDATE audit_head SET sequence = \(last), hash = \(previousHash)
            RETURNING (SELECT count(*) FROM appended)
            """, logger: logger)
    }

    /// Common table expressions that move every committed rollup increment from `aggregate_pending`
    /// into `aggregate`, for a statement run while holding the head: one snapshot decides what moves,
    /// so the statement's own query reads rollups that match the submissions it sees.
    static let foldingPendingRollups = """
        drained AS (DELETE FROM aggregate_pending RETURNING *),
        folded AS (
            INSERT INTO aggregate AS a (contract, period, unit, dimension, dimensionValue, measure,
                                        submissions, valueCount, sum, minValue, maxValue)
            SELECT c, p, u, dn, dv, m, sum(n), sum(vc), sum(sm), min(NULLIF(lo, '')::numeric), max(NULLIF(hi, '')::numeric)
            FROM drained, unnest(drained.contract, drained.period, drained.unit, drained.dimension,
                                 drained.dimensionValue, drained.measure, drained.submissions, drained.valueCount,
                                 drained.sum, drained.minValue, drained.maxValue)
                AS x(c, p, u, dn, dv, m, n, vc, sm, lo, hi)
            GROUP BY c, p, u, dn, dv, m
            ORDER BY c, p, u, dn, dv, m
            ON CONFLICT (contract, period, unit, dimension, dimensionValue, measure) DO UPDATE SET
                submissions = a.submissions + excluded.submissions,
                valueCount = a.valueCount + excluded.valueCount,
                sum = a.sum + excluded.sum,
                minValue = CASE WHEN a.minValue IS NULL OR excluded.minValue < a.minValue
                                THEN excluded.minValue ELSE a.minValue END,
                maxValue = CASE WHEN a.maxValue IS NULL OR excluded.maxValue > a.maxValue
                                THEN excluded.maxValue ELSE a.maxValue END
            RETURNING 1)
        """

    /// Common table expressions that move every committed burden increment from `burden_pending` into
    /// `burden`, for the seal's statement.
    static let foldingPendingBurden = """
        drainedBurden AS (DELETE FROM burden_pending RETURNING *),
        foldedBurden AS (
            INSERT INTO burden AS b (contract, period, unit, submissions, fieldsTyped, fieldsKept, valuesDelivered,
                                     formsReplaced)
            SELECT c, p, u, sum(n), sum(t), sum(k), sum(d), sum(f)
            FROM drainedBurden, unnest(drainedBurden.contract, drainedBurden.period, drainedBurden.unit,
                                       drainedBurden.submissions, drainedBurden.fieldsTyped, drainedBurden.fieldsKept,
                                       drainedBurden.valuesDelivered, drainedBurden.formsReplaced)
                AS x(c, p, u, n, t, k, d, f)
            GROUP BY c, p, u
            ORDER BY c, p, u
            ON CONFLICT (contract, period, unit) DO UPDATE SET
                submissions = b.submissions + excluded.submissions, fieldsTyped = b.fieldsTyped + excluded.fieldsTyped,
                fieldsKept = b.fieldsKept + excluded.fieldsKept,
                valuesDelivered = b.valuesDelivered + excluded.valuesDelivered,
                formsReplaced = b.formsReplaced + excluded.formsReplaced
            RETURNING 1)
        """
}
