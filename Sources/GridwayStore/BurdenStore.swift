import GridwayCore

/// The burden figures of accepted submissions per contract, unit subtree and period, kept up to date
/// in each submission's transaction (see ``Store/submit(_:idempotencyKey:by:targets:aggregation:burden:)``).
public protocol BurdenStore: Sendable {
    /// The figures of each unit's subtree, by unit (a unit without any is left out): for `contract`
    /// and `period`, where ``BurdenRowKey/all`` stands for every one. One keyed lookup per unit.
    func burden(contract: String, period: String, units: [String]) async throws -> [String: BurdenFigures]
}
