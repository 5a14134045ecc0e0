import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird
import OrderedCollections

/// `GET /v1/adapters` (admin only): every adapter with its kind, capabilities, contracts and the fields
/// each grant lets through, jurisdiction, and health.
struct AdapterController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("adapters", use: list)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        guard credential.role == .admin else {
            throw Problem.adminOnly(credential, "the adapter catalog is for operators")
        }
        var entries: [JSONValue] = []
        for adapter in services.adapters.adapters {
            let descriptor = adapter.descriptor
            let health = await services.adapterHealth.status(of: descriptor.id)
            entries.append([
                "id": .string(descriptor.id), "title": .string(descriptor.title),
                "kind": .string(descriptor.kind.rawValue),
                "capabilities": .array(descriptor.capabilities.sorted().map { .string($0.rawValue) }),
                "jurisdiction": descriptor.jurisdiction.map(JSONValue.string) ?? .null,
                "contracts": .array(
                    descriptor.contracts.map { grant in
                        [
                            "contract": .string(grant.contract.description),
                            "grantedFields": .array(grant.grantedFields.sorted().map(JSONValue.string)),
                            "fields": .array(AdapterView.fields(of: grant, in: services.catalog).map(JSONValue.string)),
                        ]
                    }),
                "health": [
                    "lastSuccess": health.lastSuccess.map { .string(Timestamp.format($0)) } ?? .null,
                    "lastError": health.lastError.map { message in
                        [
                            "message": .string(message),
                            "at": health.lastErrorAt.map { .string(Timestamp.format($0)) } ?? .null,
                        ]
                    } ?? .null,
                ],
            ])
        }
        return .json(["adapters": .array(entries)])
    }
}

/// What the catalog says about adapters.
enum AdapterView {
    /// The top-level fields of the grant's contract that it lets through, in contract order; empty for a contract not in the catalog.
    static func fields(of grant: ContractGrant, in catalog: ContractCatalog) -> [String] {
        catalog.contract(grant.contract)?.fields.filter(grant.allows).map(\.name) ?? []
    }

    /// `{"adapter", "title", "capabilities", "fields"}` for each adapter handling `contract`, in id order.
    static func consumers(of contract: Contract, in registry: AdapterRegistry) -> JSONValue {
        .array(
            registry.adapters.compactMap { adapter in
                let descriptor = adapter.descriptor
                guard let grant = descriptor.grant(for: contract.ref) else { return nil }
                return [
                    "adapter": .string(descriptor.id), "title": .string(descriptor.title),
                    "capabilities": .array(descriptor.capabilities.sorted().map { .string($0.rawValue) }),
                    "fields": .array(contract.fields.filter(grant.allows).map { .string($0.name) }),
                ]
            })
    }
}
