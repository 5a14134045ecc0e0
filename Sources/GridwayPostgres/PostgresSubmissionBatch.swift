import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// The new submissions and deliveries of one group commit, written in one statement however many
/// there are, before the transaction takes the audit chain's lock (which every replica waits for).
struct PostgresSubmissionBatch {
    private var submissions: [(submission: Submission, serializedData: String)] = []
    private var deliveries: [Delivery] = []
    /// The submissions already stored or accepted in this batch, by credential and idempotency key.
    private var known: [String: Submission] = [:]

    /// Reads the submissions stored earlier under any of the jobs' idempotency keys, in one query.
    init(for jobs: [SubmissionJob], on connection: PostgresConnection, logger: Logger) async throws {
        for row in try await connection.rows(
            """
            SELECT s.* FROM submission s
            JOIN unnest(\(jobs.map(\.submittedBy))::text[], \(jobs.map(\.idempotencyKey))::text[]) AS k(c, i)
              ON s.submittedBy = k.c AND s.idempotencyKey = k.i
            """, logger: logger)
        {
            let submission = try PostgresStore.submission(from: row)
            known[Self.key(submission.submittedBy, submission.idempotencyKey)] = submission
        }
    }

    private static func key(_ credential: String, _ idempotencyKey: String) -> String {
        credential + "\u{0}" + idempotencyKey
    }

    /// The submission stored (or accepted earlier in this batch) under the job's key, if any.
    func existing(for job: SubmissionJob) -> Submission? {
        known[Self.key(job.submittedBy, job.idempotencyKey)]
    }

    /// Remembers a new submission to insert, with its deliveries.
    mutating func add(_ submission: Submission, serializedData: String, deliveries: [Delivery]) {
        submissions.append((submission, serializedData))
        self.deliveries += deliveries
        known[Self.key(submission.submittedBy, submission.idempotencyKey)] = submission
    }

    /// Inserts what was added since the last flush, in one statement, in key order (so batches of
    /// several replicas that share keys wait for each other in one order).
    ///
    /// A key another replica stored meanwhile (its transaction committed after this one read the
    /// keys) is skipped, not waited on twice: the batch then throws ``ConcurrentSubmission`` and runs
    /// again, replaying that submission.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        guard !submissions.isEmpty else { return }
        let rows = submissions.sorted {
            ($0.submission.submittedBy, $0.submission.idempotencyKey)
                < ($1.submission.submittedBy, $1.submission.idempotencyKey)
        }
        let deliveries = deliveries
        submissions.removeAll()
        self.deliveries.removeAll()
        let inserted = try await connection.row(
            """
            WITH s AS (
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
                    WITH ORDINALITY AS x(id, contract, unit, period, noPeriod, data, supersedes, digest, submittedBy,
                                         idempotencyKey, receivedAt, n)
                ORDER BY n
                ON CONFLICT (submittedBy, idempotencyKey) DO NOTHING
                RETURNING id),
            d AS (
                INSERT INTO delivery (id, submissionID, target, state, attempts, dueAt, createdAt)
                SELECT d.id, d.submissionID, d.target, 'pending', 0, d.createdAt, d.createdAt
                FROM unnest(\(deliveries.map(\.id))::text[], \(deliveries.map { $0.subject.submissionID ?? "" })::text[],
                            \(deliveries.map(\.target))::text[],
                            \(deliveries.map { EpochMilliseconds.of($0.createdAt) })::bigint[])
                    AS d(id, submissionID, target, createdAt)
                JOIN s ON s.id = d.submissionID)
            SELECT (SELECT count(*) FROM s) AS n
            """, logger: logger)
        guard try inserted?.value("n", as: Int64.self) == Int64(rows.count) else { throw ConcurrentSubmission() }
    }
}

/// Another replica stored a submission under a key of this batch after the batch read its keys: the
/// transaction is rolled back and runs again, and then replays that submission.
struct ConcurrentSubmission: Error {}
