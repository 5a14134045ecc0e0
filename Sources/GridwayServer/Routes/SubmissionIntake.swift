import GridwayCore
import GridwayJSON
import OrderedCollections

/// Turns a submission request body into a validated ``SubmissionRequest`` for a caller, or the problem.
///
/// Checks run in a fixed order so the reply names the most basic fault first: the envelope's shape,
/// the contract, the unit and the caller's scope, the period, the data against the schema, then the
/// dates that must fall inside the period (`x-gridway-within-period`).
struct SubmissionIntake {
    let catalog: ContractCatalog
    let units: OrgUnitTree

    private static let members: Set<String> = ["contract", "unit", "period", "data", "supersedes"]

    func request(from body: JSONValue, for credential: Credential) throws(Problem) -> SubmissionRequest {
        guard case .object(let envelope) = body else {
            throw .invalidRequest([
                .init(instanceLocation: "", message: "the body must be a JSON object, not \(body.typeName)")
            ])
        }
        var violations: [Problem.Violation] = envelope.keys.filter { !Self.members.contains($0) }.map {
            .init(instanceLocation: JSONPointer(tokens: [$0]).description, message: "unknown member \"\($0)\"")
        }
        func string(_ name: String, required: Bool) -> String? {
            switch envelope[name] {
            case .string(let value)?: return value
            case nil, .null?:
                if required {
                    violations.append(.init(instanceLocation: "/\(name)", message: "\"\(name)\" is required"))
                }
            case let other?:
                violations.append(
                    .init(instanceLocation: "/\(name)", message: "\"\(name)\" must be a string, not \(other.typeName)"))
            }
            return nil
        }
        let contractName = string("contract", required: true)
        let unit = string("unit", required: true)
        let period = string("period", required: false)
        let supersedes = string("supersedes", required: false)
        if envelope["data"] == nil {
            violations.append(.init(instanceLocation: "/data", message: "\"data\" is required"))
        }
        guard violations.isEmpty, let contractName, let unit, let data = envelope["data"] else {
            throw .invalidRequest(violations)
        }

        guard let reference = try? ContractRef(parsing: contractName), let contract = catalog.contract(reference) else {
            throw .unknownContract(contractName, at: "/contract")
        }
        guard units.contains(unit) else { throw .unknownUnit(unit, at: "/unit") }
        guard credential.mayActFor(unit: unit, in: units) else {
            throw .forbidden("this credential may not act for org unit \(unit)")
        }
        let parsedPeriod: Period?
        do {
            parsedPeriod = try contract.periodType.period(for: period)
        } catch {
            throw .invalidPeriod(error.description)
        }
        let schemaErrors = contract.validate(data)
        guard schemaErrors.isEmpty else {
            throw .schemaViolation(
                contract: reference.description,
                schemaErrors.map { error in
                    .init(
                        instanceLocation: JSONPointer(tokens: ["data"]).appending(error.instanceLocation).description,
                        keywordLocation: error.keywordLocation.description, message: error.message)
                })
        }
        let outside = contract.periodViolations(in: data, period: parsedPeriod)
        if let parsedPeriod, !outside.isEmpty {
            throw .dateOutsidePeriod(parsedPeriod, outside)
        }
        return SubmissionRequest(
            contract: reference, unit: unit, period: parsedPeriod?.description, data: data, supersedes: supersedes)
    }
}
