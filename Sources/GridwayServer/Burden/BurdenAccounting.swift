import GridwayAdapters
import GridwayCore
import GridwayStore

/// Counts one submission's burden figures: the fields the worker typed and those kept as a prefill
/// token offered them, the values each target receives (the filled fields its grant allows, as the
/// dispatcher delivers them) and the forms the targets' own reports would have been.
struct BurdenAccounting {
    let services: GridwayServices

    /// The plan adding `request`'s figures to its unit's and ancestors' rows, sent with a prefill
    /// `token` (or none) by `credential` to `targets`; `nil` when accounting is off or the contract unknown.
    func plan(for request: SubmissionRequest, targets: [String], token: String?, by credential: Credential)
        -> BurdenPlan?
    {
        guard services.configuration.burdenAccounting, let contract = services.catalog.contract(request.contract) else {
            return nil
        }
        let kept = services.prefillTokens.keptFields(token: token, in: request, by: credential)
        let grants = targets.compactMap { services.adapters.adapter($0)?.descriptor.grant(for: request.contract) }
        return BurdenPlan(
            figures: BurdenFigures(
                of: request.data, contract: contract, kept: kept, receivers: grants.map { $0.allows }),
            contract: request.contract, unit: request.unit, period: request.period, tree: services.units)
    }
}
