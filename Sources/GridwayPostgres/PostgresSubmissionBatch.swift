import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// The new submissions and deliveries of one group commit, written in two statements however many
/// there are: every statement costs a round trip while the audit chain's lock is held, which every
/// replica waits for.
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

    /// Inserts what was added since the last flush.
    mutating func flush(on connection: PostgresConnection, logger: Logger) async throws {
        if !submissions.isEmpty {
            let rows = submissions
            submissions.removeAll()
            try await connection.run(
                """
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
                    AS s(id, contract, unit, period, noPeriod, data, supersedes, digest, submittedBy, idempotencyKey,
                         receivedAt)
                """, logger: logger)
        }
        if !deliveries.isEmpty {
            let rows = deliveries
            deliveries.removeAll()
            try await connection.run(
                """
                INSERT INTO delivery (id, submissionID, target, state, attempts, dueAt, createdAt)
                SELECT id, submissionID, target, 'pending', 0, createdAt, createdAt
                FROM unnest(\(rows.map(\.id))::text[], \(rows.map { $0.subject.submissionID ?? "" })::text[],
                            \(rows.map(\.target))::text[], \(rows.map { EpochMilliseconds.of($0.createdAt) })::bigint[])
                    AS d(id, submissionID, target, createdAt)
                """, logger: logger)
        }
    }
}
