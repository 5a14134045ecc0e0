/// One accepted submission's burden figures and the rows they count in: its unit and every
/// ancestor, each for its contract and for all contracts, for its period and for all periods, so
/// that any of those totals is read with one keyed lookup.
public struct BurdenPlan: Sendable {
    /// The submission's figures.
    public let figures: BurdenFigures
    /// The rows they are added to, ``origin`` first.
    public let rows: [BurdenRowKey]

    /// The submission's own row: its contract, period and unit.
    public var origin: BurdenRowKey { rows[0] }

    /// The plan for a submission of `contract` about `unit` in `period` (`nil` for a contract without one).
    public init(figures: BurdenFigures, contract: ContractRef, unit: String, period: String?, tree: OrgUnitTree) {
        self.figures = figures
        let units = [unit] + tree.ancestors(of: unit).map(\.code)
        var rows: [BurdenRowKey] = []
        rows.reserveCapacity(units.count * 4)
        for unit in units {
            for contract in [contract.description, BurdenRowKey.all] {
                for period in [period ?? "", BurdenRowKey.all] {
                    rows.append(BurdenRowKey(contract: contract, period: period, unit: unit))
                }
            }
        }
        self.rows = rows
    }
}
