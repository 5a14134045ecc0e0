/// Where burden figures are kept: one row per contract, period and unit, counting the unit's whole
/// subtree; ``all`` in the contract or period stands for every contract or every period.
public struct BurdenRowKey: Sendable, Hashable {
    /// The contract and period value that stands for all of them.
    public static let all = "*"

    /// A contract reference such as `elderly-visit@1`, or ``all``.
    public var contract: String
    /// A normalized period, `""` for contracts without one, or ``all``.
    public var period: String
    /// The org unit whose subtree the row counts.
    public var unit: String

    /// A key.
    public init(contract: String, period: String, unit: String) {
        self.contract = contract
        self.period = period
        self.unit = unit
    }
}

extension BurdenRowKey {
    /// The normalized period `text` names for `contract`'s submissions, or for any contract's when
    /// `contract` is `nil`; `nil` when it names none (as for a contract without periods).
    public static func period(_ text: String, for contract: Contract?) -> String? {
        let types = contract.map { [$0.periodType] } ?? PeriodType.allCases
        return types.lazy.filter { $0 != .none }.compactMap { try? $0.period(for: text)?.description }.first
    }
}
