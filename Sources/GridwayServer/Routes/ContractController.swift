import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// `GET /v1/contracts` (the catalog) and `GET /v1/contracts/{ref}` (one id, or one `id@major` with its schema);
/// each version lists its consumers, the adapters handling it and the fields each receives.
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
            guard !catalog.versions(of: text).isEmpty else { throw Problem.notFound("no contract \(text) in the catalog") }
            return Response.json(entry(text))
        }
    }

    private func entry(_ id: String) -> JSONValue {
        .object([
            "id": .string(id),
            "versions": .array(catalog.versions(of: id).map { ContractView.version($0, includingSchema: false, adapters: adapters) }),
        ])
    }
}

/// The JSON shape of a contract in the catalog.
enum ContractView {
    static func version(_ contract: Contract, includingSchema: Bool, adapters: AdapterRegistry) -> JSONValue {
        var members: OrderedDictionary<String, JSONValue> = [
            "ref": .string(contract.ref.description),
            "version": .string(contract.version.description),
            "title": .string(contract.title),
            "description": .string(contract.description),
            "period": .string(contract.periodType.rawValue),
            "fields": .array(contract.fields.map(field)),
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
                    .object(["name": .string($0.name), "title": .string($0.title), "field": .string($0.field.description)])
                }),
        ]
        members["consumers"] = AdapterView.consumers(of: contract, in: adapters)
        if includingSchema { members["schema"] = contract.schema }
        return .object(members)
    }

    private static func field(_ field: ContractField) -> JSONValue {
        var members: OrderedDictionary<String, JSONValue> = [
            "name": .string(field.name),
            "title": .string(field.title),
            "description": .string(field.description),
        ]
        if let type = field.type { members["type"] = .string(type.rawValue) }
        members["required"] = .bool(field.isRequired)
        members["sharing"] = .string(field.sharing.rawValue)
        members["pii"] = .string(field.pii.rawValue)
        if let values = field.allowedValues { members["enum"] = .array(values) }
        if !field.enumTitles.isEmpty {
            members["enumTitles"] = .object(.init(uniqueKeysWithValues: field.enumTitles.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        if !field.fields.isEmpty { members["fields"] = .array(field.fields.map(Self.field)) }
        return .object(members)
    }
}
