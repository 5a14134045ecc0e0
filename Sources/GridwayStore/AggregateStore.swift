import GridwayCore

/// The rollups of accepted submissions per contract, unit subtree and period, kept up to date in
/// each submission's transaction (see ``Store/submit(_:idempotencyKey:by:targets:aggregation:burden:)``).
public protocol AggregateStore: Sendable {
    /// The figures of each unit's subtree, in `units` order: the totals, or with `dimension` the
    /// figures per value of that dimension. One keyed lookup per unit, whatever lies below it.
    func aggregates(contract: ContractRef, period: String?, units: [String], dimension: String?) async throws
        -> [AggregateRow]

    /// Recomputes every rollup from the accepted submissions (`plan` says how each one rolls up,
    /// `nil` for none), replaces the stored rows that differ, and returns the differences found.
    func rebuildAggregates(plan: @escaping @Sendable (Submission) -> AggregatePlan?) async throws
        -> [AggregateDifference]
}
