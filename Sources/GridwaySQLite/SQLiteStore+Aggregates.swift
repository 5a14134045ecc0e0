import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayStore

/// The `aggregate` table: one row per (contract, period, unit, dimension, dimensionValue) holding
/// every measure's figures (``AggregateMeasures``), counting every accepted submission of the
/// unit's subtree.
///
/// A submission adds its contribution to its unit and each ancestor in its own transaction; a
/// correction adds the new one and subtracts the superseded one. Counts and sums subtract exactly;
/// when the superseded submission held a row's minimum or maximum, that row's extremes are
/// recomputed bottom-up from the unit's own accepted submissions and its children's rows, which
/// were settled just before — never from the whole subtree.
extension SQLiteStore {
    public func aggregates(contract: ContractRef, period: String?, units: [String], dimension: String?) async throws
        -> [AggregateRow]
    {
        try await pool.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT dimensionValue, figures FROM aggregate
                    WHERE contract = ? AND period = ? AND unit = ? AND dimension = ?
                    """)
            var rows: [AggregateRow] = []
            for unit in units {
                let cursor = try Row.fetchCursor(
                    statement, arguments: [contract.description, period ?? "", unit, dimension ?? ""])
                while let row = try cursor.next() {
                    let key = AggregateRecordKey(
                        contract: contract.description, period: period ?? "", unit: unit, dimension: dimension ?? "",
                        dimensionValue: row[0])
                    for entry in try AggregateMeasures(decoding: row[1]).entries {
                        rows.append(AggregateRow(key: key.rowKey(measure: entry.measure), figures: entry.figures))
                    }
                }
            }
            return rows
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
                try expected.add(
                    submission.request.data, contract: record.contract, period: record.period, plan: plan)
            }
            let (storedRows, unreadable) = try Self.storedRows(in: db)
            let stored = Dictionary(uniqueKeysWithValues: storedRows.map { ($0.key, $0.figures) })
            var differences: [AggregateDifference] = []
            for (key, figures) in expected.rows where stored[key] != figures {
                differences.append(AggregateDifference(key: key, stored: stored[key], expected: figures))
            }
            for (key, figures) in stored where expected.rows[key] == nil {
                differences.append(AggregateDifference(key: key, stored: figures, expected: nil))
            }
            // Every row holding a difference, or whose figures cannot be read, is written afresh with all
            // of its expected measures (deleted when it has none).
            var rewritten = Dictionary(
                differences.map { (AggregateRecordKey($0.key), AggregateMeasures()) }
                    + unreadable.map { ($0, AggregateMeasures()) },
                uniquingKeysWith: { first, _ in first })
            for (key, figures) in expected.rows {
                rewritten[AggregateRecordKey(key)]?[key.cell.measure] = figures
            }
            for (key, measures) in rewritten {
                try Self.write(measures, at: key, in: db)
            }
            return differences
        }
    }

    /// Every stored figure, one row per measure (as the store answers them, and as another store
    /// imports them); throws for a row whose figures cannot be read.
    static func allRows(in db: Database) throws -> [AggregateRow] {
        let (rows, unreadable) = try storedRows(in: db)
        guard unreadable.isEmpty else { throw AggregateMeasuresError() }
        return rows
    }

    /// Every stored figure, one row per measure, and the rows whose figures cannot be read (e.g.
    /// doubles that are not finite, from before sums were exact).
    private static func storedRows(in db: Database) throws -> (rows: [AggregateRow], unreadable: [AggregateRecordKey]) {
        var rows: [AggregateRow] = []
        var unreadable: [AggregateRecordKey] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT contract, period, unit, dimension, dimensionValue, figures FROM aggregate")
        while let row = try cursor.next() {
            let key = AggregateRecordKey(
                contract: row[0], period: row[1], unit: row[2], dimension: row[3], dimensionValue: row[4])
            guard let measures = try? AggregateMeasures(decoding: row[5]) else {
                unreadable.append(key)
                continue
            }
            for entry in measures.entries {
                rows.append(AggregateRow(key: key.rowKey(measure: entry.measure), figures: entry.figures))
            }
        }
        return (rows, unreadable)
    }

    // MARK: Maintenance inside the submission transaction

    /// Writes the changes `buffer` gathered: one upsert per row that is only added to, however many
    /// submissions of the batch added to it; then the rows corrections take figures from, deepest
    /// unit first, recomputing the extremes a superseded submission held from the unit's own accepted
    /// submissions and its children's rows (settled just before).
    static func flush(_ buffer: inout AggregateRecordBuffer, in db: Database) throws {
        guard !buffer.isEmpty else { return }
        let (additions, corrections) = buffer.drain()
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO aggregate (contract, period, unit, dimension, dimensionValue, figures)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET figures = gridway_aggregate_add(figures, excluded.figures)
                """)
        for (key, measures) in additions {
            try upsert.execute(arguments: StatementArguments(key.arguments) + [measures.encoded])
        }
        var ownContributions: [AggregateRecordKey: [[AggregateCell: AggregateFigures]]] = [:]
        for (key, change) in corrections {
            var measures = try fetchMeasures(key, in: db) ?? AggregateMeasures()
            try measures.add(change.added)
            var stale: [String] = []
            for entry in change.removed.entries {
                guard let current = measures[entry.measure] else { continue }
                let (figures, extremesStale) = try current.subtracting(entry.figures)
                if figures.submissions <= 0 {
                    measures[entry.measure] = nil
                    continue
                }
                measures[entry.measure] = figures
                if extremesStale { stale.append(entry.measure) }
            }
            if let plan = change.plan, !stale.isEmpty {
                let unit = AggregateRecordKey(
                    contract: key.contract, period: key.period, unit: key.unit, dimension: "", dimensionValue: "")
                if ownContributions[unit] == nil {
                    ownContributions[unit] = try Self.ownContributions(at: key, plan: plan, in: db)
                }
                try recomputeExtremes(
                    of: stale, in: &measures, at: key, own: ownContributions[unit] ?? [],
                    children: plan.tree.children(of: key.unit).map(\.code), in: db)
            }
            try write(measures, at: key, in: db)
        }
    }

    /// The contributions of the accepted submissions made about `key`'s unit itself (not below it).
    private static func ownContributions(at key: AggregateRecordKey, plan: AggregatePlan, in db: Database) throws
        -> [[AggregateCell: AggregateFigures]]
    {
        try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT data FROM submission WHERE unit = ? AND contract = ? AND period IS ? AND status = ?"),
            arguments: [
                key.unit, key.contract, key.period.isEmpty ? nil : key.period, SubmissionStatus.accepted.rawValue,
            ]
        ).map { try plan.contribution(of: try JSONValue(parsing: $0)) }
    }

    /// Sets the minimum and maximum of the `stale` measures of `measures` to those of the unit's own
    /// submissions and its children's rows.
    private static func recomputeExtremes(
        of stale: [String], in measures: inout AggregateMeasures, at key: AggregateRecordKey,
        own: [[AggregateCell: AggregateFigures]], children: [String], in db: Database
    ) throws {
        var extremes: [String: AggregateFigures] = [:]
        for contribution in own {
            for measure in stale {
                let cell = AggregateCell(measure: measure, dimension: key.dimension, dimensionValue: key.dimensionValue)
                if let figures = contribution[cell] { try extremes[measure, default: AggregateFigures()].add(figures) }
            }
        }
        for child in children {
            guard let childMeasures = try fetchMeasures(key.with(unit: child), in: db) else { continue }
            for measure in stale {
                if let figures = childMeasures[measure] {
                    try extremes[measure, default: AggregateFigures()].add(figures)
                }
            }
        }
        for measure in stale {
            measures[measure]?.min = extremes[measure]?.min
            measures[measure]?.max = extremes[measure]?.max
        }
    }

    // MARK: Rows

    private static func fetchMeasures(_ key: AggregateRecordKey, in db: Database) throws -> AggregateMeasures? {
        try Data.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT figures FROM aggregate
                    WHERE contract = ? AND period = ? AND unit = ? AND dimension = ? AND dimensionValue = ?
                    """),
            arguments: StatementArguments(key.arguments)
        ).map { try AggregateMeasures(decoding: $0) }
    }

    /// Replaces the row at `key` with `measures`, or deletes it when there is none.
    private static func write(_ measures: AggregateMeasures, at key: AggregateRecordKey, in db: Database) throws {
        if measures.isEmpty {
            try db.cachedStatement(
                sql: """
                    DELETE FROM aggregate
                    WHERE contract = ? AND period = ? AND unit = ? AND dimension = ? AND dimensionValue = ?
                    """
            ).execute(arguments: StatementArguments(key.arguments))
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO aggregate (contract, period, unit, dimension, dimensionValue, figures)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: StatementArguments(key.arguments) + [measures.encoded])
        }
    }
}

extension AggregateFigures {
    /// Adds `other`'s figures in place.
    fileprivate mutating func add(_ other: AggregateFigures) throws(AggregateOverflowError) {
        self = try adding(other)
    }
}
