import GridwayJSON

/// Every rollup of a set of submissions, computed from scratch: the reference the incremental
/// rollups kept by the store must equal.
public struct Aggregation: Sendable {
    /// The figures by row, absent rows meaning no submission.
    public private(set) var rows: [AggregateRowKey: AggregateFigures] = [:]

    /// An empty aggregation.
    public init() {}

    /// Counts one submission's data in its unit and every ancestor for its period.
    public mutating func add(_ data: JSONValue, contract: String, period: String?, plan: AggregatePlan)
        throws(AggregateOverflowError)
    {
        let contribution = try plan.contribution(of: data)
        for unit in plan.units {
            for (cell, figures) in contribution {
                let key = AggregateRowKey(contract: contract, unit: unit, period: period ?? "", cell: cell)
                rows[key] = try (rows[key] ?? AggregateFigures()).adding(figures)
            }
        }
    }
}
