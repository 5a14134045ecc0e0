import GridwayCore
import Hummingbird

/// The query parameters of `GET /v1/burden`, checked against the catalog, the tree and the caller's scope.
struct BurdenQuery {
    let unit: OrgUnit
    /// The contract reference, or `nil` for every contract.
    let contract: String?
    /// The normalized period, or `nil` for every period.
    let period: String?
    /// Whether the figures of the unit's direct children follow the totals (`by=child`).
    let byChild: Bool

    init(_ parameters: Parameters, catalog: ContractCatalog, units: OrgUnitTree, credential: Credential) throws(Problem)
    {
        guard let code = parameters.get("unit"), !code.isEmpty else {
            throw .invalidQuery("unit", "required, e.g. unit=210102&period=2026-11")
        }
        guard let unit = units.unit(code) else { throw .unknownUnit(code, at: "/unit") }
        guard credential.mayActFor(unit: code, in: units) else {
            throw .forbidden("this credential may not read the burden figures of org unit \(code)")
        }
        var contract: Contract?
        if let text = parameters.get("contract") {
            guard let reference = try? ContractRef(parsing: text), let found = catalog.contract(reference) else {
                throw .unknownContract(text, at: "/contract")
            }
            contract = found
        }
        self.contract = contract?.ref.description
        if let text = parameters.get("period") {
            guard let period = BurdenRowKey.period(text, for: contract) else {
                throw .invalidPeriod(
                    contract?.periodType == PeriodType.none
                        ? "\(contract?.ref.description ?? "") has no reporting period; leave period out"
                        : "\"\(text)\" is not a period like \(contract?.periodType.pattern ?? "2026-11 or 2026-Q4")")
            }
            self.period = period
        } else {
            period = nil
        }
        switch parameters.get("by") {
        case nil: byChild = false
        case "child": byChild = true
        case let other?: throw .invalidQuery("by", "expected child, not \"\(other)\"")
        }
        self.unit = unit
    }
}
