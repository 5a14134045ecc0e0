import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// Gathers what one transaction appends — audit entries and, for submissions, their rows, deliveries
/// and rollup increments — and writes it all in one statement that chains the entries onto the audit
/// chain's head, whichever replica runs it.
///
/// The chain is one sequence, so appending locks its head row (`SELECT … FOR UPDATE`) until commit:
/// audited transactions of every replica append one after another and each sees the head its
/// predecessor committed. ``flush(on:logger:)`` takes that lock itself, after inserting the new
/// submissions (so it never holds it while waiting on another replica's idempotency key), and
/// computes the entries' hashes in the database: run in autocommit, the statement holds the lock for
/// its own execution and the commit, with no round trip to the replica. A transaction whose other
/// statements need mutual exclusion with every audited writer calls ``lock(on:logger:)`` first.
struct PostgresAuditLog {
    /// The entries gathered; their sequence and hashes are given by the database.
    private var entries: [AuditEntry] = []
    private var submissions: [(submission: Submission, serializedData: String)] = []
    private var deliveries: [Delivery] = []
    private var aggregates = AggregateBuffer()
    /// The channel to announce new deliveries on when the statement commits, if any.
    private var announcing: String?

    /// An empty log; the head is not locked yet.
    init() {}

    /// Whether no entry waits to be written.
    var isEmpty: Bool { entries.isEmpty }

    /// Locks the head of the chain for the rest of the transaction on `connection`.
    func lock(on connection: PostgresConnection, logger: Logger) async throws {
        guard try await connection.row("SELECT sequence FROM audit_head FOR UPDATE", logger: logger) != nil else {
            throw StoreError.corruptRow(table: "audit_head", id: "head", reason: "the chain's head row is missing")
        }
    }

    /// Gathers one entry for a write made in the same transaction.
    mutating func append(actor: String, action: String, subject: String, detail: JSONValue, at: Date) {
        entries.append(
            AuditEntry(
                sequence: 0, at: EpochMilliseconds.date(EpochMilliseconds.of(at)), actor: actor, action: action,
                subject: subject, detail: detail, previousHash: "", hash: ""))
    }

    /// Gathers a new submission (its entry appended separately), its deliveries and its rollup increments.
    mutating func add(_ submission: Submission, of job: SubmissionJob, deliveries: [Delivery]) {
        submissions.append((submission, job.serializedData))
        self.deliveries += deliveries
        aggregates.add(job)
    }

    /// Has the flush announce new deliveries on `channel` (`NOTIFY`, delivered on commit).
    mutating func announceDeliveries(on channel: String) {
        announcing = channel
    }

    /// Writes everything gathered so far in one statement: the submissions and deliveries, then, under
    /// the lock on the chain's head, the rollup increments, the entries chained onto the head (their
    /// hashes computed as ``AuditEntry/expectedHash(sequence:at:actor:action:subject:detail:previousHash:)``
    /// does, over the canonical fields) and the new head.
    ///
    /// A submission another replica stored meanwhile under the same key fails the statement with a
    /// unique violation; the caller runs the batch again, and then replays it.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        let entries = entries, rows = submissions, deliveries = deliveries, increments = aggregates.drain()
        let channel = announcing
        self.entries.removeAll()
        submissions.removeAll()
        self.deliveries.removeAll()
        announcing = nil
        let fields = entries.map(Self.canonicalFields)
        try await connection.run(
            """
            WITH RECURSIVE
            s AS (
                INSERT INTO submission (id, contract, unit, period, data, supersedes, digest, submittedBy,
                                        idempotencyKey, receivedAt, status)
                SELECT id, contract, unit, CASE WHEN noPeriod THEN NULL ELSE period END, data, NULLIF(supersedes, ''),
                       digest, submittedBy, idempotencyKey, receivedAt, 'accepted'
                FROM unnest(\(rows.map(\.submission.id))::text[], \(rows.map(\.submission.request.contract.description))::text[],
                            \(rows.map(\.submission.request.unit))::text[], \(rows.map { $0.submission.request.period ?? "" })::text[],
                            \(rows.map { $0.submission.request.period == nil })::bool[], \(rows.map(\.serializedData))::text[],
                            \(rows.map { $0.submission.request.supersedes ?? "" })::text[],
                            \(rows.map(\.submission.digest))::text[], \(rows.map(\.submission.submittedBy))::text[],
                            \(rows.map(\.submission.idempotencyKey))::text[],
                            \(rows.map { EpochMilliseconds.of($0.submission.receivedAt) })::bigint[])
                    AS x(id, contract, unit, period, noPeriod, data, supersedes, digest, submittedBy, idempotencyKey,
                         receivedAt)
                RETURNING id),
            d AS (
                INSERT INTO delivery (id, submissionID, target, state, attempts, dueAt, createdAt)
                SELECT id, submissionID, target, 'pending', 0, createdAt, createdAt
                FROM unnest(\(deliveries.map(\.id))::text[], \(deliveries.map { $0.subject.submissionID ?? "" })::text[],
                            \(deliveries.map(\.target))::text[],
                            \(deliveries.map { EpochMilliseconds.of($0.createdAt) })::bigint[])
                    AS x(id, submissionID, target, createdAt)
                RETURNING id),
            -- Joined with every row inserted above, so the head is locked only once they are.
            head AS (
                SELECT h.sequence, h.hash
                FROM audit_head h, (SELECT count(*) FROM s) AS submitted, (SELECT count(*) FROM d) AS routed
                FOR UPDATE OF h),
            -- Joined with the locked head, so no rollup row is written before the head is locked.
            increments AS (
                INSERT INTO aggregate AS a (contract, period, unit, dimension, dimensionValue, measure,
                                            submissions, valueCount, sum, minValue, maxValue)
                SELECT c, p, u, dn, dv, m, n, vc, sm, NULLIF(lo, '')::float8, NULLIF(hi, '')::float8
                FROM unnest(\(increments.map(\.key.contract))::text[], \(increments.map(\.key.period))::text[],
                            \(increments.map(\.key.unit))::text[], \(increments.map(\.key.cell.dimension))::text[],
                            \(increments.map(\.key.cell.dimensionValue))::text[],
                            \(increments.map(\.key.cell.measure))::text[],
                            \(increments.map { Int64($0.figures.submissions) })::bigint[],
                            \(increments.map { Int64($0.figures.values) })::bigint[],
                            \(increments.map(\.figures.sum))::float8[],
                            \(increments.map { $0.figures.min.map { "\($0)" } ?? "" })::text[],
                            \(increments.map { $0.figures.max.map { "\($0)" } ?? "" })::text[])
                    AS x(c, p, u, dn, dv, m, n, vc, sm, lo, hi)
                CROSS JOIN head
                ON CONFLICT (contract, period, unit, dimension, dimensionValue, measure) DO UPDATE SET
                    submissions = a.submissions + excluded.submissions,
                    valueCount = a.valueCount + excluded.valueCount,
                    sum = a.sum + excluded.sum,
                    minValue = CASE WHEN a.minValue IS NULL OR excluded.minValue < a.minValue
                                    THEN excluded.minValue ELSE a.minValue END,
                    maxValue = CASE WHEN a.maxValue IS NULL OR excluded.maxValue > a.maxValue
                                    THEN excluded.maxValue ELSE a.maxValue END
                RETURNING 1),
            e AS (
                SELECT * FROM unnest(\(fields.map(\.before))::text[], \(fields.map(\.after))::text[],
                                     \(entries.map { EpochMilliseconds.of($0.at) })::bigint[],
                                     \(entries.map(\.actor))::text[], \(entries.map(\.action))::text[],
                                     \(entries.map(\.subject))::text[],
                                     \(entries.map { $0.detail.serializedString(sortedKeys: true) })::text[])
                    WITH ORDINALITY AS x(pre, post, atMillis, actor, action, subject, detail, n)),
            chain AS (
                SELECT e.n, head.sequence + 1 AS sequence, head.hash AS previousHash,
                       encode(sha256(convert_to(e.pre || ',"previousHash":"' || head.hash || '","sequence":'
                                                || (head.sequence + 1) || ',' || e.post, 'UTF8')), 'hex') AS hash
                FROM e, head WHERE e.n = 1
                UNION ALL
                SELECT e.n, c.sequence + 1, c.hash,
                       encode(sha256(convert_to(e.pre || ',"previousHash":"' || c.hash || '","sequence":'
                                                || (c.sequence + 1) || ',' || e.post, 'UTF8')), 'hex')
                FROM chain c JOIN e ON e.n = c.n + 1),
            appended AS (
                INSERT INTO audit (sequence, atMillis, actor, action, subject, detail, previousHash, hash)
                SELECT c.sequence, e.atMillis, e.actor, e.action, e.subject, e.detail, c.previousHash, c.hash
                FROM chain c JOIN e USING (n)
                RETURNING 1),
            announced AS (
                SELECT pg_notify(channel, \(StoreChange.deliveries.rawValue))
                FROM unnest(\(channel.map { [$0] } ?? [])::text[]) AS x(channel))
            UPDATE audit_head SET sequence = last.sequence, hash = last.hash
            FROM (SELECT sequence, hash FROM chain ORDER BY n DESC LIMIT 1) AS last
            RETURNING (SELECT count(*) FROM announced)
            """, logger: logger)
    }

    /// The canonical JSON text of an entry's hashed fields (RFC 8785: members sorted by name) before
    /// and after the two the database fills in: `…"detail":…` `,"previousHash":"…","sequence":…,`
    /// `"subject":…}`.
    private static func canonicalFields(of entry: AuditEntry) -> (before: String, after: String) {
        let before: JSONValue = .object([
            "action": .string(entry.action), "actor": .string(entry.actor), "at": .integer(EpochMilliseconds.of(entry.at)),
            "detail": entry.detail,
        ])
        let after: JSONValue = .object(["subject": .string(entry.subject)])
        return (
            String(decoding: before.canonicalBytes().dropLast(), as: UTF8.self),
            String(decoding: after.canonicalBytes().dropFirst(), as: UTF8.self)
        )
    }
}
