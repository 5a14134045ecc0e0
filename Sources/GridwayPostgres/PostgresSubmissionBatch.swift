import Foundation
import GridwayCore
import GridwayStore
import Logging
import PostgresNIO

/// The submissions one group commit knows by credential and idempotency key: those stored earlier,
/// read in one query before anything is written, and those it accepts itself.
struct PostgresSubmissionBatch {
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
            remember(try PostgresStore.submission(from: row))
        }
    }

    private static func key(_ credential: String, _ idempotencyKey: String) -> String {
        credential + "\u{0}" + idempotencyKey
    }

    /// The submission stored (or accepted earlier in this batch) under the job's key, if any.
    func existing(for job: SubmissionJob) -> Submission? {
        known[Self.key(job.submittedBy, job.idempotencyKey)]
    }

    /// Remembers a submission accepted in this batch, so a later job under its key replays it.
    mutating func remember(_ submission: Submission) {
        known[Self.key(submission.submittedBy, submission.idempotencyKey)] = submission
    }
}
