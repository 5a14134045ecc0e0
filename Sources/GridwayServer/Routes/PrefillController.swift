import GridwayAdapters
import GridwayCore
import GridwayStore
import Hummingbird
import OrderedCollections

/// `GET /v1/prefill?contract=&unit=&<field>=…`: the fields of a new submission that can be filled in
/// advance, each with where its value came from.
///
/// Sources are tried in a fixed order and the first non-empty value of a field wins (`null`, `""`,
/// `[]` and `{}` count as empty): first each fetch adapter of the contract covering the unit, in
/// adapter id order, by the first record it keeps (projected to its grant, in the unit's subtree and
/// matching the filters, see ``FetchFanOut``); then the unit's latest accepted submission of the
/// contract. Live systems come first because they hold the facts of record; the last submission
/// fills what they do not know.
///
/// The answer's `token` (a ``PrefillToken``) records what was offered; a submission sends it back in
/// its `Prefill-Token` header so burden accounting knows which values the worker kept.
///
/// An upstream key reads it as ``ReportEntitlement`` allows: only for a contract its target
/// consumes, from submissions delivered to its target, every value projected to the target's grant.
struct PrefillController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("prefill", use: prefill)
    }

    @Sendable func prefill(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let parameters = request.uri.queryParameters
        guard let text = parameters.get("contract") else {
            throw Problem.invalidQuery("contract", "the contract to prefill, like elderly-visit@1, is required")
        }
        guard let reference = try? ContractRef(parsing: text), let contract = services.catalog.contract(reference)
        else {
            throw Problem.invalidQuery("contract", "no contract \"\(text)\" in the catalog (see GET /v1/contracts)")
        }
        let entitlement = ReportEntitlement(credential: credential, services: services)
        let query = try FetchRequest(parameters, contract: contract, units: services.units, reserved: ["contract"])
            .query(for: entitlement, of: reference)
        async let fetched = FetchFanOut(services: services).results(for: query, of: contract)
        let latest = try await services.store.submissions(
            matching: SubmissionQuery(
                subtree: query.unit, contract: reference, status: .accepted, deliveredTo: entitlement.target, limit: 1)
        ).items.first
        let results = await fetched

        var filled: OrderedDictionary<String, (value: JSONValue, source: JSONValue)> = [:]
        func offer(_ data: JSONValue?, source: JSONValue) {
            let data = data.flatMap { entitlement.project($0, of: reference) }
            for field in contract.fields where filled[field.name] == nil {
                if let value = data?[field.name], !value.isEmpty { filled[field.name] = (value, source) }
            }
        }
        for result in results where result.status == .ok {
            offer(result.records.first, source: ["type": "adapter", "adapter": .string(result.adapter)])
        }
        if let latest {
            offer(
                latest.request.data,
                source: [
                    "type": "submission", "submission": .string(latest.id),
                    "receivedAt": .string(Timestamp.format(latest.receivedAt)),
                ])
        }
        let fields = contract.fields.compactMap { field in
            filled[field.name].map {
                JSONValue.object(["field": .string(field.name), "value": $0.value, "source": $0.source])
            }
        }
        let token = services.prefillTokens.issue(
            contract: reference.description, unit: query.unit, subject: nil, to: credential,
            offering: contract.fields.compactMap { field in filled[field.name].map { (field.name, $0.value) } })
        return .json([
            "contract": .string(reference.description), "unit": .string(query.unit), "fields": .array(fields),
            "sources": .array(results.map(\.summary)), "token": .string(token),
        ])
    }
}

extension JSONValue {
    /// Whether the value fills nothing: `null`, `""`, `[]` or `{}`.
    fileprivate var isEmpty: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }
}
