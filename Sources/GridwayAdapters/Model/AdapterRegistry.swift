import GridwayCore

/// Every adapter Gridway runs, by id. Built once at start; refuses two adapters with one id.
public struct AdapterRegistry: Sendable {
    /// The adapters, in id order.
    public let adapters: [any Adapter]
    private let byID: [String: any Adapter]

    /// Collects `adapters`, refusing duplicate ids.
    public init(_ adapters: [any Adapter]) throws(AdapterRegistryError) {
        var byID: [String: any Adapter] = [:]
        for adapter in adapters {
            let id = adapter.descriptor.id
            guard byID[id] == nil else { throw .duplicateID(id) }
            byID[id] = adapter
        }
        self.byID = byID
        self.adapters = adapters.sorted { $0.descriptor.id < $1.descriptor.id }
    }

    /// The adapter with this id.
    public func adapter(_ id: String) -> (any Adapter)? { byID[id] }

    /// The adapters with `capability` for `contract` that cover `unit`.
    public func adapters(
        with capability: AdapterCapability, for contract: ContractRef, covering unit: String, in tree: OrgUnitTree
    ) -> [any Adapter] {
        adapters.filter { adapter in
            let descriptor = adapter.descriptor
            return descriptor.capabilities.contains(capability) && descriptor.grant(for: contract) != nil
                && descriptor.covers(unit: unit, in: tree)
        }
    }
}

/// Why the registry could not be built.
public enum AdapterRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two adapters share an id.
    case duplicateID(String)

    public var description: String {
        switch self {
        case .duplicateID(let id): "two adapters have the id \"\(id)\"; adapter ids must be unique"
        }
    }
}
