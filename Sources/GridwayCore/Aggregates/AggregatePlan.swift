import GridwayJSON

/// How submissions of one contract about one unit roll up: the contract's measures and dimensions,
/// and the units whose figures they count in (the unit, then its ancestors nearest first).
public struct AggregatePlan: Sendable {
    /// The measures to compute.
    public let measures: [AggregateMeasure]
    /// The dimensions to break them down by.
    public let dimensions: [AggregateDimension]
    /// The unit, then each of its ancestors up to the root.
    public let units: [String]
    /// The org-unit tree, for the children whose figures a unit's figures are made of.
    public let tree: OrgUnitTree

    /// The plan for `contract`'s submissions about `unit`, or `nil` when the contract declares no measures.
    public init?(contract: Contract, unit: String, tree: OrgUnitTree) {
        guard !contract.measures.isEmpty else { return nil }
        measures = contract.measures
        dimensions = contract.dimensions
        units = [unit] + tree.ancestors(of: unit).map(\.code)
        self.tree = tree
    }

    /// The figures one submission's data contributes: per measure its total, and the same per
    /// value of each dimension it has. Throws for a measured number that cannot be held exactly
    /// (``Contract/validate(_:)`` refuses such data first).
    public func contribution(of data: JSONValue) throws(AggregateOverflowError) -> [AggregateCell: AggregateFigures] {
        let values = dimensions.compactMap { dimension in
            dimension.value(in: data).map { (dimension.name, $0.serializedString(sortedKeys: true)) }
        }
        var cells: [AggregateCell: AggregateFigures] = [:]
        cells.reserveCapacity(measures.count * (1 + values.count))
        for measure in measures {
            let figures = AggregateFigures(value: try measure.value(in: data))
            cells[AggregateCell(measure: measure.name)] = figures
            for (dimension, value) in values {
                cells[AggregateCell(measure: measure.name, dimension: dimension, dimensionValue: value)] = figures
            }
        }
        return cells
    }
}
