import GridwayCore
import GridwayJSON
import OrderedCollections

extension AdapterManifest {
    /// Checks the manifest against the contracts it names: every contract exists, every granted and
    /// mapped field is a field of its contract, no template reads a `conditional` or `restricted`
    /// field of `$.data` that the grant does not name, and no fetch map writes one (it would be dropped).
    ///
    /// - Returns: the errors and warnings found, each with its line and column; empty when all is well.
    public func check(against catalog: ContractCatalog) -> [ManifestDiagnostic] {
        var found: [ManifestDiagnostic] = []
        func report(_ severity: ManifestDiagnostic.Severity, _ position: SourcePosition, _ message: String) {
            found.append(ManifestDiagnostic(severity, file: file, at: position, message))
        }
        var known: [ContractRef: (contract: Contract, grant: ContractGrant)] = [:]
        for grant in contracts {
            let position = contractPositions[grant.contract]
            guard let contract = catalog.contract(grant.contract) else {
                let refs = catalog.contracts.map(\.ref.description)
                report(
                    .error, position?.ref ?? .start,
                    "unknown contract \(grant.contract)\(Suggestion.didYouMean(grant.contract.description, among: refs))"
                )
                continue
            }
            known[grant.contract] = (contract, grant)
            for name in grant.grantedFields.sorted() {
                let place = position?.grants[name] ?? position?.ref ?? .start
                guard let field = contract.fields.first(where: { $0.name == name }) else {
                    report(
                        .error, place,
                        "\(name) is not a field of \(contract.ref)\(Suggestion.didYouMean(name, among: contract.fields.map(\.name)))"
                    )
                    continue
                }
                if field.sharing == .open {
                    report(.warning, place, "\(name) is open; every adapter of \(contract.ref) sees it without a grant")
                }
            }
        }
        for read in dataReads {
            guard let (contract, grant) = known[read.contract] else { continue }
            let problems = Self.problems(of: read.path, in: contract, grant: grant)
            for problem in problems { report(.error, read.path.position, problem) }
            if problems.isEmpty, read.required, let optional = Self.optionalField(on: read.path, in: contract) {
                report(
                    .warning, read.path.position,
                    "\(optional) is optional in \(contract.ref), so a submission without it fails here; end the expression with | optional or | default(…)"
                )
            }
        }
        for produced in producedFields {
            guard let (contract, grant) = known[produced.contract] else { continue }
            guard let field = contract.fields.first(where: { $0.name == produced.field }) else {
                report(
                    .error, produced.position,
                    "\(produced.field) is not a field of \(contract.ref)\(Suggestion.didYouMean(produced.field, among: contract.fields.map(\.name)))"
                )
                continue
            }
            if produced.filteredByGrant, !grant.allows(field) {
                report(
                    .warning, produced.position,
                    "fetch map writes \(field.name), a \(field.sharing.rawValue) field of \(contract.ref) that the grant does not include, so Gridway drops it from every fetched record; add it to the contract's grant: list, or remove it from map"
                )
            }
        }
        return found.sorted { ($0.position ?? .start) < ($1.position ?? .start) }
    }

    /// What is wrong with a path over a submission document: an unknown field, or a field the grant
    /// does not allow (found by running the path over a sample document holding every field).
    private static func problems(of path: DocumentPath, in contract: Contract, grant: ContractGrant) -> [String] {
        let names = path.leadingNames
        if names.first == "data", names.count > 1, !contract.fields.contains(where: { $0.name == names[1] }) {
            return [
                "\(path.text): \(names[1]) is not a field of \(contract.ref)\(Suggestion.didYouMean(names[1], among: contract.fields.map(\.name)))"
            ]
        }
        var read: OrderedSet<String> = []
        if names.first == "data", names.count > 1 { read.append(names[1]) }
        for node in path.query.select(in: sampleDocument(contract)) {
            guard case .name("data")? = node.location.elements.first else { continue }
            if node.location.elements.count == 1 {
                read.formUnion(contract.fields.map(\.name))
            } else if case .name(let field) = node.location.elements[1] {
                read.append(field)
            }
        }
        return read.compactMap { name in
            guard let field = contract.fields.first(where: { $0.name == name }), !grant.allows(field) else {
                return nil
            }
            return
                "\(path.text) reads \(name), a \(field.sharing.rawValue) field of \(contract.ref), without a grant; add it to the contract's grant: list if this system may receive it"
        }
    }

    /// The first field on a plain `$.data.a.b` path that the contract does not require, if any.
    private static func optionalField(on path: DocumentPath, in contract: Contract) -> String? {
        let names = path.leadingNames
        guard names.first == "data", names.count > 1, path.query.isSingular else { return nil }
        var fields = contract.fields
        for name in names.dropFirst() {
            guard let field = fields.first(where: { $0.name == name }) else { return nil }
            if !field.isRequired { return field.name }
            fields = field.fields
        }
        return nil
    }

    /// A submission document whose `data` holds every field of the contract, nested fields included.
    private static func sampleDocument(_ contract: Contract) -> JSONValue {
        func sample(_ fields: [ContractField]) -> JSONValue {
            .object(
                OrderedDictionary(
                    uniqueKeysWithValues: fields.map { field in
                        let nested = field.fields.isEmpty ? JSONValue.string("") : sample(field.fields)
                        return (field.name, field.type == .array ? .array([nested]) : nested)
                    }))
        }
        return .object(["submission": .object([:]), "data": sample(contract.fields), "correction": .object([:])])
    }
}
