import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// The query parameters of `GET /v1/aggregates`, checked against the catalog, the tree and the caller's scope.
struct AggregateQuery {
    /// What the figures are broken down by.
    enum Breakdown: Equatable {
        /// The unit's direct children.
        case child
        /// The values of one of the contract's dimensions.
        case dimension(AggregateDimension)
    }

    let contract: Contract
    let unit: OrgUnit
    /// The normalized period, `nil` for contracts without one.
    let period: String?
    let breakdown: Breakdown?

    init(_ parameters: Parameters, catalog: ContractCatalog, units: OrgUnitTree, credential: Credential) throws(Problem)
    {
        func required(_ name: String) throws(Problem) -> String {
            guard let value = parameters.get(name), !value.isEmpty else {
                throw Self.invalid(name, "required, e.g. contract=elderly-visit@1&unit=210102&period=2026-11")
            }
            return value
        }
        let text = try required("contract")
        guard let reference = try? ContractRef(parsing: text), let contract = catalog.contract(reference) else {
            throw Problem.unknownContract(text, at: "/contract")
        }
        let code = try required("unit")
        guard let unit = units.unit(code) else { throw Problem.unknownUnit(code, at: "/unit") }
        guard credential.mayActFor(unit: code, in: units) else {
            throw Problem.forbidden("this credential may not read the aggregates of org unit \(code)")
        }
        do {
            period = try contract.periodType.period(for: parameters.get("period"))?.description
        } catch {
            throw Problem.invalidPeriod(error.description)
        }
        switch parameters.get("by") {
        case nil: breakdown = nil
        case "child": breakdown = .child
        case let name?:
            guard let dimension = contract.dimensions.first(where: { $0.name == name }) else {
                let choices = (["child"] + contract.dimensions.map(\.name)).joined(separator: ", ")
                throw Self.invalid("by", "expected one of \(choices)")
            }
            breakdown = .dimension(dimension)
        }
        self.contract = contract
        self.unit = unit
    }

    private static func invalid(_ name: String, _ message: String) -> Problem {
        Problem(
            .badRequest, .invalidQuery, title: "Invalid query parameter", detail: "\(name): \(message)",
            arguments: [name],
            extensions: ["parameter": .string(name)])
    }
}
