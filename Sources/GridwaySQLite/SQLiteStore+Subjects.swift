import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore

extension SQLiteStore {
    public func subjects(matching query: SubjectQuery) async throws -> Page<SubjectSighting> {
        try await pool.read { db in
            // One row per key, walked in the index's key order; SQLite takes the other columns from
            // the row holding max(id), the key's newest submission.
            var sql = """
                SELECT subjectKey, max(id) AS newest, * FROM submission
                WHERE subjectKey > ? AND subjectKey < ? AND status = 'accepted' AND unit GLOB ?
                """
            var arguments: StatementArguments = [
                max(query.after ?? "", query.keyPrefix), query.keyPrefixEnd,
                UnitSubtree(root: query.subtree).globPattern,
            ]
            if let target = query.deliveredTo {
                sql += " AND id IN (SELECT submissionID FROM delivery WHERE target = ?)"
                arguments += [target]
            }
            sql += " GROUP BY subjectKey ORDER BY subjectKey LIMIT ?"
            let limit = max(1, query.limit)
            arguments += [limit + 1]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let sightings = try rows.prefix(limit).map { row in
                SubjectSighting(key: row["subjectKey"], latest: try SubmissionRecord(row: row).submission())
            }
            return Page(items: sightings, nextCursor: rows.count > limit ? sightings.last?.key : nil)
        }
    }

    public func fillSubjectKeys(limit: Int, key: @Sendable (ContractRef, JSONValue) -> String) async throws -> Int {
        // Read first: when nothing is left (the usual case) this takes no write lock.
        let records = try await pool.read { db in
            try SubmissionRecord.fetchAll(
                db, sql: "SELECT * FROM submission WHERE subjectKey IS NULL LIMIT ?", arguments: [max(1, limit)])
        }
        guard !records.isEmpty else { return 0 }
        let keys = try records.map { record in
            let submission = try record.submission()
            return (id: record.id, key: key(submission.request.contract, submission.request.data))
        }
        try await pool.write { db in
            let update = try db.cachedStatement(
                sql: "UPDATE submission SET subjectKey = ? WHERE id = ? AND subjectKey IS NULL")
            for (id, key) in keys { try update.execute(arguments: [key, id]) }
        }
        return records.count
    }
}
