/// One stored figure: a cell of a unit's subtree rollup for a contract and period.
public struct AggregateRow: Sendable, Hashable {
    /// Where the figure is kept.
    public var key: AggregateRowKey
    /// The figure.
    public var figures: AggregateFigures

    /// Creates a row.
    public init(key: AggregateRowKey, figures: AggregateFigures) {
        self.key = key
        self.figures = figures
    }
}
