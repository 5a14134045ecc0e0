import GRDB
import GridwayCore
import GridwayStore

/// The `burden` table: one row per (contract, period, unit), `*` standing for every contract or
/// period, counting the accepted submissions of the unit's subtree. A submission adds its figures to
/// its rows (``BurdenPlan/rows``) in its own transaction; a batch's additions are merged per row first.
extension SQLiteStore {
    public func burden(contract: String, period: String, units: [String]) async throws -> [String: BurdenFigures] {
        try await pool.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT submissions, fieldsTyped, fieldsKept, valuesDelivered, formsReplaced FROM burden
                    WHERE contract = ? AND period = ? AND unit = ?
                    """)
            var figures: [String: BurdenFigures] = [:]
            for unit in units {
                if let row = try Row.fetchOne(statement, arguments: [contract, period, unit]) {
                    figures[unit] = BurdenFigures(columns: (0..<5).map { row[$0] })
                }
            }
            return figures
        }
    }

    /// Adds what `buffer` gathered to the rows, one upsert per row, and empties it.
    static func flush(_ buffer: inout BurdenBuffer, in db: Database) throws {
        guard !buffer.isEmpty else { return }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO burden (contract, period, unit, submissions, fieldsTyped, fieldsKept, valuesDelivered,
                                    formsReplaced)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET
                    submissions = submissions + excluded.submissions, fieldsTyped = fieldsTyped + excluded.fieldsTyped,
                    fieldsKept = fieldsKept + excluded.fieldsKept,
                    valuesDelivered = valuesDelivered + excluded.valuesDelivered,
                    formsReplaced = formsReplaced + excluded.formsReplaced
                """)
        for (key, figures) in buffer.drain() {
            try upsert.execute(
                arguments: StatementArguments([key.contract, key.period, key.unit])
                    + StatementArguments(figures.columns))
        }
    }
}
