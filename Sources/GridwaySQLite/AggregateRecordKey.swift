import GridwayCore
import GridwayStore

/// Where one `aggregate` row is kept: a unit's totals (or one dimension value's) of a contract for a period.
struct AggregateRecordKey: Sendable, Hashable {
    var contract: String
    var period: String
    var unit: String
    /// The dimension's name, or `""` for the totals.
    var dimension: String
    /// The dimension's value as canonical JSON text, or `""` for the totals.
    var dimensionValue: String

    /// The row holding `key`'s measure.
    init(_ key: AggregateRowKey) {
        self.init(
            contract: key.contract, period: key.period, unit: key.unit, dimension: key.cell.dimension,
            dimensionValue: key.cell.dimensionValue)
    }

    init(contract: String, period: String, unit: String, dimension: String, dimensionValue: String) {
        self.contract = contract
        self.period = period
        self.unit = unit
        self.dimension = dimension
        self.dimensionValue = dimensionValue
    }

    /// The same row of another unit.
    func with(unit: String) -> AggregateRecordKey {
        var key = self
        key.unit = unit
        return key
    }

    /// The key of `measure`'s figures in this row.
    func rowKey(measure: String) -> AggregateRowKey {
        AggregateRowKey(
            contract: contract, unit: unit, period: period,
            cell: AggregateCell(measure: measure, dimension: dimension, dimensionValue: dimensionValue))
    }

    /// The primary key's values, in the table's order.
    var arguments: [String] { [contract, period, unit, dimension, dimensionValue] }

    /// One submission's figures grouped by the row they go to: its totals and each dimension value
    /// it has, each with every measure (`unit` left empty).
    static func grouped(
        _ contribution: [AggregateCell: AggregateFigures], contract: String, period: String
    ) -> [AggregateRecordKey: AggregateMeasures] {
        var cells: [AggregateRecordKey: [(measure: String, figures: AggregateFigures)]] = [:]
        for (cell, figures) in contribution {
            let key = AggregateRecordKey(
                contract: contract, period: period, unit: "", dimension: cell.dimension,
                dimensionValue: cell.dimensionValue)
            cells[key, default: []].append((cell.measure, figures))
        }
        return cells.mapValues { AggregateMeasures($0) }
    }
}
