import GridwayCore
import GridwayJSON
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func subjects(matching query: SubjectQuery) async throws -> Page<SubjectSighting> {
        // One row per key, walked in the index's order (key, newest id first): DISTINCT ON keeps the
        // first, the key's newest accepted submission.
        var listing = PostgresListing(
            "SELECT DISTINCT ON (subjectKey) * FROM submission WHERE status = 'accepted'")
        listing.and("subjectKey > ?", max(query.after ?? "", query.keyPrefix))
        listing.and("subjectKey < ?", query.keyPrefixEnd)
        listing.and("unit LIKE ?", UnitSubtree(root: query.subtree).likePattern)
        listing.and("id IN (SELECT submissionID FROM delivery WHERE target = ?)", query.deliveredTo)
        return try await listing.page(
            order: "subjectKey, id DESC", limit: query.limit, in: self,
            decode: { row in SubjectSighting(key: try row.value("subjectkey"), latest: try Self.submission(from: row))
            },
            cursor: \.key)
    }

    public func fillSubjectKeys(limit: Int, key: @Sendable (ContractRef, JSONValue) -> String) async throws -> Int {
        let rows = try await read { connection in
            try await connection.rows(
                "SELECT * FROM submission WHERE subjectKey IS NULL LIMIT \(max(1, limit))", logger: logger)
        }
        let submissions = try rows.map(Self.submission(from:))
        guard !submissions.isEmpty else { return 0 }
        let keys = submissions.map { key($0.request.contract, $0.request.data) }
        try await write { connection in
            try await connection.run(
                """
                UPDATE submission SET subjectKey = x.subjectKey
                FROM unnest(\(submissions.map(\.id))::text[], \(keys)::text[]) AS x(id, subjectKey)
                WHERE submission.id = x.id AND submission.subjectKey IS NULL
                """, logger: logger)
        }
        return submissions.count
    }
}
