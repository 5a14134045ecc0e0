import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// `GET /v1/contracts` (the catalog) and `GET /v1/contracts/{ref}` (one id, or one `id@major` with its schema);
/// each version lists its subject, each field's data element and kind of fact, its consumers, the adapters
/// handling it and the fields each receives.
struct ContractController<Context: RequestContext> {
    let catalog: ContractCatalog
    let adapters: AdapterRegistry

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("contracts") { _, _ in
            Response.json(.object(["contracts": .array(catalog.ids.map(entry))]))
        }
        group.get("contracts/{ref}") { _, context in
            let text = try context.parameters.require("ref")
            if let ref = try? ContractRef(parsing: text), let contract = catalog.contract(ref) {
                return Response.json(ContractView.version(contract, includingSchema: true, adapters: adapters))
            }
            guard !catalog.versions(of: text).isEmpty else {
                throw Problem.notFound("no contract \(text) in the catalog")
            }
            return Response.json(entry(text))
        }
    }

    private func entry(_ id: String) -> JSONValue {
        .object([
            "id": .string(id),
            "versions": .array(
                catalog.versions(of: id).map { ContractView.version($0, includingSchema: false, adapters: adapters) }),
        ])
    }
}

/// The JSON shape of a contract in the catalog.
enum ContractView {
    static func version(_ contract: Contract, includingSchema: Bool, adapters: AdapterRegistry) -> JSONValue {
        let prefilled = Set(contract.subjectFacts.map(\.pointer))
        var members: OrderedDictionary<String, JSONValue> = [
            "ref": .string(contract.ref.description),
            "version": .string(contract.version.description),
            "title": .string(contract.title),
            "description": .string(contract.description),
            "period": .string(contract.periodType.rawValue),
            "fields": .array(contract.fields.map { field($0, at: .root, prefilled: prefilled) }),
            "measures": .array(
                contract.measures.map { measure in
                    var entry: OrderedDictionary<String, JSONValue> = [
                        "name": .string(measure.name), "title": .string(measure.title),
                        "op": .string(measure.op.rawValue),
                    ]
                    if let pointer = measure.field { entry["field"] = .string(pointer.description) }
                    return .object(entry)
                }),
            "dimensions": .array(
                contract.dimensions.map {
                    .object([
                        "name": .string($0.name), "title": .string($0.title), "field": .string($0.field.description),
                    ])
                }),
        ]
        if let subject = contract.subject { members["subject"] = Self.subject(subject) }
        members["consumers"] = AdapterView.consumers(of: contract, in: adapters)
        if includingSchema { members["schema"] = contract.schema }
        return .object(members)
    }

    /// `{"kind", "key": [{"element", "field"}]}`: what one report is about and the fields identifying it.
    private static func subject(_ subject: ReportSubject) -> JSONValue {
        .object([
            "kind": .string(subject.kind.rawValue),
            "key": .array(
                subject.key.map { part in
                    .object(["element": .string(part.element), "field": .string(part.pointer.description)])
                }),
        ])
    }

    /// A field at `parent`, marked a subject fact when prefill fills it: it is one of the contract's
    /// ``Contract/subjectFacts`` (whose pointers are `prefilled`), or lies inside one.
    private static func field(
        _ field: ContractField, at parent: JSONPointer, prefilled: Set<JSONPointer>,
        insideSubjectFact: Bool = false
    ) -> JSONValue {
        let pointer = parent.appending(field.name)
        let isSubjectFact = insideSubjectFact || prefilled.contains(pointer)
        var members: OrderedDictionary<String, JSONValue> = [
            "name": .string(field.name),
            "title": .string(field.title),
            "description": .string(field.description),
        ]
        if let type = field.type { members["type"] = .string(type.rawValue) }
        members["required"] = .bool(field.isRequired)
        members["sharing"] = .string(field.sharing.rawValue)
        members["pii"] = .string(field.pii.rawValue)
        if let element = field.element { members["element"] = .string(element) }
        members["fact"] = .string(isSubjectFact ? "subject" : "event")
        if let values = field.allowedValues { members["enum"] = .array(values) }
        if !field.enumTitles.isEmpty {
            members["enumTitles"] = .object(
                .init(
                    uniqueKeysWithValues: field.enumTitles.sorted { $0.key < $1.key }.map {
                        ($0.key, .string($0.value))
                    }))
        }
        if !field.fields.isEmpty {
            members["fields"] = .array(
                field.fields.map {
                    Self.field($0, at: pointer, prefilled: prefilled, insideSubjectFact: isSubjectFact)
                })
        }
        return .object(members)
    }
}
