/// A stored figure that differs from the figure recomputed from the accepted submissions.
public struct AggregateDifference: Sendable, Hashable {
    /// The row.
    public var key: AggregateRowKey
    /// What was stored, `nil` for a missing row.
    public var stored: AggregateFigures?
    /// What the submissions add up to, `nil` for a row that should not exist.
    public var expected: AggregateFigures?

    /// Creates a difference.
    public init(key: AggregateRowKey, stored: AggregateFigures?, expected: AggregateFigures?) {
        self.key = key
        self.stored = stored
        self.expected = expected
    }
}
