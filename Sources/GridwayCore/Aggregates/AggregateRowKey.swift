/// Where one figure is kept: a cell of one contract's rollup for a unit's subtree and a period.
public struct AggregateRowKey: Sendable, Hashable {
    /// The contract, `id@major`.
    public var contract: String
    /// The unit whose subtree the figure covers.
    public var unit: String
    /// The period, or `""` for contracts without one.
    public var period: String
    /// The measure and dimension value.
    public var cell: AggregateCell

    /// Creates a key.
    public init(contract: String, unit: String, period: String, cell: AggregateCell) {
        self.contract = contract
        self.unit = unit
        self.period = period
        self.cell = cell
    }
}
