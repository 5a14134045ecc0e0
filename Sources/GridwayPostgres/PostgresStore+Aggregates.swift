import GridwayCore
import GridwayJSON
import GridwayStore
import PostgresNIO

/// The `aggregate` table, kept as in the SQLite store: a submission adds its contribution to its unit
/// and every ancestor; a correction adds the new one and subtracts the superseded one, recomputing
/// bottom-up the extremes it held. A submission's transaction records its increments as pending, and
/// sealing adds them to the rows (see ``PostgresAuditLog``). Every writer of `aggregate` rows holds
/// the audit head's lock, so the read-modify-write of a correction never races another replica's; reads
/// seal first.
extension PostgresStore {
    public func aggregates(contract: ContractRef, period: String?, units: [String], dimension: String?) async throws
        -> [AggregateRow]
    {
        try await sealPending()
        return try await read { connection in
            var rows: [AggregateRow] = []
            for unit in units {
                let key = AggregateRowKey(
                    contract: contract.description, unit: unit, period: period ?? "",
                    cell: AggregateCell(measure: "", dimension: dimension ?? "", dimensionValue: ""))
                for row in try await connection.rows(
                    """
                    SELECT \(unescaped: Self.aggregateColumns) FROM aggregate WHERE contract = \(key.contract) AND period = \(key.period)
                                              AND unit = \(unit) AND dimension = \(key.cell.dimension)
                    ORDER BY dimensionValue, measure
                    """, logger: logger)
                {
                    var rowKey = key
                    rowKey.cell = AggregateCell(
                        measure: try row.value("measure"), dimension: key.cell.dimension,
                        dimensionValue: try row.value("dimensionvalue"))
                    rows.append(AggregateRow(key: rowKey, figures: try Self.figures(of: row)))
                }
            }
            return rows
        }
    }

    public func rebuildAggregates(plan: @escaping @Sendable (Submission) -> AggregatePlan?) async throws
        -> [AggregateDifference]
    {
        try await audited { connection, _ in
            var expected = Aggregation()
            // Increments committed since the head was locked are folded in the same snapshot that
            // reads the submissions, so the rows compared below count exactly those submissions.
            let accepted = PostgresQuery(
                unsafeSQL: """
                    WITH \(PostgresAuditLog.foldingPendingRollups)
                    SELECT * FROM submission WHERE status = '\(SubmissionStatus.accepted.rawValue)'
                    """)
            for row in try await connection.rows(accepted, logger: logger) {
                let submission = try Self.submission(from: row)
                guard let plan = plan(submission) else { continue }
                try expected.add(
                    submission.request.data, contract: submission.request.contract.description,
                    period: submission.request.period, plan: plan)
            }
            var stored: [AggregateRowKey: AggregateFigures] = [:]
            var unreadable: [AggregateRowKey] = []  // figures that are not finite, from before sums were exact
            for row in try await connection.rows(
                "SELECT \(unescaped: Self.aggregateColumns) FROM aggregate", logger: logger)
            {
                let key = try Self.key(of: row)
                if let figures = try? Self.figures(of: row) { stored[key] = figures } else { unreadable.append(key) }
            }
            var differences: [AggregateDifference] = []
            for (key, figures) in expected.rows where stored[key] != figures {
                differences.append(AggregateDifference(key: key, stored: stored[key], expected: figures))
                try await Self.write(figures, at: key, on: connection, logger: logger)
            }
            for (key, figures) in stored where expected.rows[key] == nil {
                differences.append(AggregateDifference(key: key, stored: figures, expected: nil))
                try await Self.delete(key, on: connection, logger: logger)
            }
            for key in unreadable where expected.rows[key] == nil {
                try await Self.delete(key, on: connection, logger: logger)
            }
            return differences
        }
    }

    // MARK: Maintenance inside the submission transaction

    /// Subtracts a superseded submission (already marked superseded) from its unit and every
    /// ancestor, bottom-up, recomputing the extremes it held.
    static func subtractAggregates(
        of earlier: Submission, plan: AggregatePlan?, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let plan else { return }
        let contribution = try plan.contribution(of: earlier.request.data)
        let contract = earlier.request.contract.description
        for unit in plan.units {
            var ownSubmissions: [[AggregateCell: AggregateFigures]]?
            for (cell, removed) in contribution {
                let key = AggregateRowKey(
                    contract: contract, unit: unit, period: earlier.request.period ?? "", cell: cell)
                guard let current = try await fetchFigures(key, on: connection, logger: logger) else { continue }
                var (figures, stale) = try current.subtracting(removed)
                if figures.submissions <= 0 {
                    try await delete(key, on: connection, logger: logger)
                    continue
                }
                if stale {
                    if ownSubmissions == nil {
                        ownSubmissions = try await connection.rows(
                            """
                            SELECT data FROM submission
                            WHERE unit = \(unit) AND contract = \(contract)
                              AND period IS NOT DISTINCT FROM \(earlier.request.period)
                              AND status = \(SubmissionStatus.accepted.rawValue)
                            """, logger: logger
                        ).map {
                            try plan.contribution(of: try JSONValue(parsing: try $0.value("data", as: String.self)))
                        }
                    }
                    var extremes = AggregateFigures()
                    for own in ownSubmissions ?? [] {
                        if let figures = own[cell] { extremes = try extremes.adding(figures) }
                    }
                    for child in plan.tree.children(of: unit).map(\.code) {
                        var childKey = key
                        childKey.unit = child
                        if let figures = try await fetchFigures(childKey, on: connection, logger: logger) {
                            extremes = try extremes.adding(figures)
                        }
                    }
                    figures.min = extremes.min
                    figures.max = extremes.max
                }
                try await write(figures, at: key, on: connection, logger: logger)
            }
        }
    }

    // MARK: Rows

    private static func fetchFigures(_ key: AggregateRowKey, on connection: PostgresConnection, logger: Logger)
        async throws -> AggregateFigures?
    {
        try await connection.row(
            """
            SELECT \(unescaped: aggregateColumns) FROM aggregate
            WHERE contract = \(key.contract) AND period = \(key.period) AND unit = \(key.unit)
                                      AND dimension = \(key.cell.dimension)
                                      AND dimensionValue = \(key.cell.dimensionValue) AND measure = \(key.cell.measure)
            """, logger: logger
        ).map(figures(of:))
    }

    private static func write(
        _ figures: AggregateFigures, at key: AggregateRowKey, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.run(
            """
            INSERT INTO aggregate (contract, period, unit, dimension, dimensionValue, measure,
                                   submissions, valueCount, sum, minValue, maxValue)
            VALUES (\(key.contract), \(key.period), \(key.unit), \(key.cell.dimension), \(key.cell.dimensionValue),
                    \(key.cell.measure), \(Int64(figures.submissions)), \(Int64(figures.values)),
                    \(figures.sum.description)::numeric, \(figures.min?.description)::numeric,
                    \(figures.max?.description)::numeric)
            ON CONFLICT (contract, period, unit, dimension, dimensionValue, measure) DO UPDATE SET
                submissions = excluded.submissions, valueCount = excluded.valueCount, sum = excluded.sum,
                minValue = excluded.minValue, maxValue = excluded.maxValue
            """, logger: logger)
    }

    private static func delete(_ key: AggregateRowKey, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            DELETE FROM aggregate WHERE contract = \(key.contract) AND period = \(key.period) AND unit = \(key.unit)
                                    AND dimension = \(key.cell.dimension)
                                    AND dimensionValue = \(key.cell.dimensionValue) AND measure = \(key.cell.measure)
            """, logger: logger)
    }

    private static func key(of row: PostgresRandomAccessRow) throws -> AggregateRowKey {
        AggregateRowKey(
            contract: try row.value("contract"), unit: try row.value("unit"), period: try row.value("period"),
            cell: AggregateCell(
                measure: try row.value("measure"), dimension: try row.value("dimension"),
                dimensionValue: try row.value("dimensionvalue")))
    }

    /// The columns of an `aggregate` row, its exact decimals as text (PostgresNIO reads no `numeric` into a String).
    private static let aggregateColumns = """
        contract, period, unit, dimension, dimensionValue, measure, submissions, valueCount, sum::text AS sum,
        minValue::text AS minValue, maxValue::text AS maxValue
        """

    private static func figures(of row: PostgresRandomAccessRow) throws -> AggregateFigures {
        func decimal(_ column: String) throws -> ExactDecimal? {
            guard let text = try row.value(column, as: String?.self) else { return nil }
            guard let value = ExactDecimal(parsing: text) else {
                throw StoreError.corruptRow(
                    table: "aggregate",
                    id:
                        "\(try row.value("contract", as: String.self)) \(try row.value("unit", as: String.self)) \(column)",
                    reason:
                        "\(text) is not an exact decimal Gridway can hold (`gridway aggregates rebuild` rewrites it)")
            }
            return value
        }
        return AggregateFigures(
            submissions: Int(try row.value("submissions", as: Int64.self)),
            values: Int(try row.value("valuecount", as: Int64.self)), sum: try decimal("sum") ?? .zero,
            min: try decimal("minvalue"), max: try decimal("maxvalue"))
    }
}
