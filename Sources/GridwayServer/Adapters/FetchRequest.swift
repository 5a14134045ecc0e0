import GridwayAdapters
import GridwayCore
import Hummingbird

/// The query parameters of `GET /v1/data/{contract}` and `GET /v1/prefill`, checked: the unit and filters by
/// top-level contract field name (a field with a single value, not an object or list), which Gridway
/// applies itself (``RecordFilter``).
struct FetchRequest {
    /// The unit asked about.
    let unit: String
    /// Filters by field name.
    let filters: [String: String]

    /// Reads `unit` and every parameter but those in `reserved` as a filter on a field of `contract`.
    init(_ parameters: Parameters, contract: Contract, units: OrgUnitTree, reserved: Set<String> = []) throws(Problem) {
        guard let unit = parameters.get("unit") else {
            throw .invalidQuery("unit", "the org unit asked about is required")
        }
        guard units.contains(unit) else { throw .invalidQuery("unit", "org unit \"\(unit)\" is not in the tree") }
        var filters: [String: String] = [:]
        for (name, value) in parameters where name != "unit" && !reserved.contains(String(name)) {
            let field = String(name)
            guard let definition = contract.fields.first(where: { $0.name == field }) else {
                throw .invalidQuery(field, "\(contract.ref) has no field \"\(field)\" to filter by")
            }
            if let type = definition.type, type == .object || type == .array {
                throw .invalidQuery(
                    field,
                    "\(contract.ref) field \"\(field)\" is \(type == .object ? "an object" : "a list"); filters match a single value exactly"
                )
            }
            guard filters.updateValue(String(value), forKey: field) == nil else {
                throw .invalidQuery(field, "given more than once")
            }
        }
        self.unit = unit
        self.filters = filters
    }

    /// The query for `contract`, once the caller is known to act for the unit (403 otherwise) and,
    /// for an upstream key, to read the contract (404 otherwise) and filter only by fields its
    /// target's grant allows (400 otherwise).
    func query(for entitlement: ReportEntitlement, of contract: ContractRef) throws(Problem) -> FetchQuery {
        let credential = entitlement.credential
        guard credential.mayActFor(unit: unit, in: entitlement.services.units) else {
            throw .forbidden("this credential may not read org unit \(unit)")
        }
        switch entitlement.access(to: contract) {
        case .whole: break
        case .granted(let grant, let definition):
            let withheld = definition.fields.filter { filters[$0.name] != nil && !grant.allows($0) }
            if let field = withheld.first {
                throw .invalidQuery(
                    field.name, "\(contract) field \"\(field.name)\" is not granted to this credential's target")
            }
        case .none:
            throw .notFound("no report of \(contract) is visible to this credential")
        }
        return FetchQuery(contract: contract, unit: unit, parameters: filters)
    }
}
