import GRDB
import GridwayCore

/// The `aggregate` table: one row per (contract, period, unit, dimension, dimensionValue, measure),
/// counting every accepted submission of the unit's subtree.
///
/// A submission adds its contribution to its unit and each ancestor in its own transaction; a
/// correction adds the new one and subtracts the superseded one. Counts and sums subtract exactly;
/// when the superseded submission held a row's minimum or maximum, that row's extremes are
/// recomputed bottom-up from the unit's own accepted submissions and its children's rows, which
/// were fixed just before — never from the whole subtree.
extension SQLiteStore {
    public func aggregates(contract: ContractRef, period: String?, units: [String], dimension: String?) async throws
        -> [AggregateRow]
    {
        try await pool.read { db in
            try units.flatMap { unit in
                try Self.fetchRows(
                    db, contract: contract.description, period: period ?? "", unit: unit, dimension: dimension ?? "")
            }
        }
    }

    public func rebuildAggregates(plan: @escaping @Sendable (Submission) -> AggregatePlan?) async throws
        -> [AggregateDifference]
    {
        try await pool.write { db in
            var expected = Aggregation()
            let cursor = try SubmissionRecord.filter(Column("status") == SubmissionStatus.accepted.rawValue)
                .fetchCursor(db)
            while let record = try cursor.next() {
                let submission = try record.submission()
                guard let plan = plan(submission) else { continue }
                expected.add(
                    submission.request.data, contract: record.contract, period: record.period, plan: plan)
            }
            var stored: [AggregateRowKey: AggregateFigures] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM aggregate") {
                let key = AggregateRowKey(
                    contract: row["contract"], unit: row["unit"], period: row["period"],
                    cell: AggregateCell(
                        measure: row["measure"], dimension: row["dimension"], dimensionValue: row["dimensionValue"]))
                stored[key] = Self.figures(of: row)
            }
            var differences: [AggregateDifference] = []
            for (key, figures) in expected.rows where !(stored[key]?.isClose(to: figures) ?? false) {
                differences.append(AggregateDifference(key: key, stored: stored[key], expected: figures))
                try Self.write(figures, at: key, in: db)
            }
            for (key, figures) in stored where expected.rows[key] == nil {
                differences.append(AggregateDifference(key: key, stored: figures, expected: nil))
                try Self.delete(key, in: db)
            }
            return differences
        }
    }

    // MARK: Maintenance inside the submission transaction

    /// Writes the figures `buffer` gathered: one upsert per row, however many submissions of the
    /// batch added to it (the ancestors' rows are shared by almost every submission of a batch).
    static func flush(_ buffer: inout AggregateBuffer, in db: Database) throws {
        guard !buffer.isEmpty else { return }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO aggregate (contract, period, unit, dimension, dimensionValue, measure,
                                       submissions, valueCount, sum, minValue, maxValue)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET
                    submissions = submissions + excluded.submissions,
                    valueCount = valueCount + excluded.valueCount,
                    sum = sum + excluded.sum,
                    minValue = CASE WHEN minValue IS NULL OR excluded.minValue < minValue THEN excluded.minValue ELSE minValue END,
                    maxValue = CASE WHEN maxValue IS NULL OR excluded.maxValue > maxValue THEN excluded.maxValue ELSE maxValue END
                """)
        for (key, figures) in buffer.drain() {
            try upsert.execute(
                arguments: arguments(of: key) + [figures.submissions, figures.values, figures.sum, figures.min, figures.max])
        }
    }

    /// Subtracts a superseded submission (already marked superseded) from its unit and every
    /// ancestor, bottom-up, recomputing the extremes it held.
    static func subtractAggregates(of earlier: SubmissionRecord, plan: AggregatePlan?, in db: Database) throws {
        guard let plan else { return }
        let contribution = plan.contribution(of: try JSONValue(parsing: earlier.data))
        let period = earlier.period ?? ""
        for unit in plan.units {
            var ownSubmissions: [[AggregateCell: AggregateFigures]]?
            for (cell, removed) in contribution {
                let key = AggregateRowKey(contract: earlier.contract, unit: unit, period: period, cell: cell)
                guard let current = try fetchFigures(key, in: db) else { continue }
                var (figures, stale) = current.subtracting(removed)
                if figures.submissions <= 0 {
                    try delete(key, in: db)
                    continue
                }
                if stale {
                    if ownSubmissions == nil {
                        ownSubmissions = try ownContributions(of: earlier, unit: unit, plan: plan, in: db)
                    }
                    figures = try recomputedExtremes(
                        of: figures, at: key, own: ownSubmissions ?? [],
                        children: plan.tree.children(of: unit).map(\.code),
                        in: db)
                }
                try write(figures, at: key, in: db)
            }
        }
    }

    /// The contributions of the accepted submissions made about `unit` itself (not below it).
    private static func ownContributions(
        of earlier: SubmissionRecord, unit: String, plan: AggregatePlan, in db: Database
    ) throws -> [[AggregateCell: AggregateFigures]] {
        try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT data FROM submission WHERE unit = ? AND contract = ? AND period IS ? AND status = ?"),
            arguments: [unit, earlier.contract, earlier.period, SubmissionStatus.accepted.rawValue]
        ).map { plan.contribution(of: try JSONValue(parsing: $0)) }
    }

    private static func recomputedExtremes(
        of figures: AggregateFigures, at key: AggregateRowKey, own: [[AggregateCell: AggregateFigures]],
        children: [String], in db: Database
    ) throws -> AggregateFigures {
        var extremes = AggregateFigures()
        for contribution in own {
            if let figures = contribution[key.cell] { extremes = extremes.adding(figures) }
        }
        for child in children {
            var childKey = key
            childKey.unit = child
            if let figures = try fetchFigures(childKey, in: db) { extremes = extremes.adding(figures) }
        }
        var result = figures
        result.min = extremes.min
        result.max = extremes.max
        return result
    }

    // MARK: Rows

    private static func fetchRows(_ db: Database, contract: String, period: String, unit: String, dimension: String)
        throws -> [AggregateRow]
    {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT * FROM aggregate WHERE contract = ? AND period = ? AND unit = ? AND dimension = ?"),
            arguments: [contract, period, unit, dimension]
        ).map { row in
            AggregateRow(
                key: AggregateRowKey(
                    contract: contract, unit: unit, period: period,
                    cell: AggregateCell(
                        measure: row["measure"], dimension: dimension, dimensionValue: row["dimensionValue"])),
                figures: figures(of: row))
        }
    }

    private static func fetchFigures(_ key: AggregateRowKey, in db: Database) throws -> AggregateFigures? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT * FROM aggregate WHERE contract = ? AND period = ? AND unit = ? AND dimension = ?
                                                  AND dimensionValue = ? AND measure = ?
                    """),
            arguments: arguments(of: key)
        ).map(figures(of:))
    }

    private static func write(_ figures: AggregateFigures, at key: AggregateRowKey, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO aggregate (contract, period, unit, dimension, dimensionValue, measure,
                                                  submissions, valueCount, sum, minValue, maxValue)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: arguments(of: key) + [
                figures.submissions, figures.values, figures.sum, figures.min, figures.max,
            ])
    }

    private static func delete(_ key: AggregateRowKey, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                DELETE FROM aggregate WHERE contract = ? AND period = ? AND unit = ? AND dimension = ?
                                            AND dimensionValue = ? AND measure = ?
                """
        ).execute(arguments: arguments(of: key))
    }

    private static func arguments(of key: AggregateRowKey) -> StatementArguments {
        [key.contract, key.period, key.unit, key.cell.dimension, key.cell.dimensionValue, key.cell.measure]
    }

    private static func figures(of row: Row) -> AggregateFigures {
        AggregateFigures(
            submissions: row["submissions"], values: row["valueCount"], sum: row["sum"], min: row["minValue"],
            max: row["maxValue"])
    }
}
