import GridwayCore

/// What an adapter declares about itself: who it is, what it can do, for which contracts, fields and units.
public struct AdapterDescriptor: Sendable, Hashable {
    /// How the adapter is written.
    public enum Kind: String, Sendable, Hashable {
        /// An `adapter.yaml` manifest run by the declarative engine.
        case declarative
        /// A Swift type compiled into Gridway.
        case swift
        /// An HTTP service in any language speaking the remote-adapter protocol.
        case remote
    }

    /// Unique id, also the adapter's folder name: lowercase kebab-case, e.g. `civil-affairs-elderly`.
    public var id: String
    /// Human name, usually the legacy system's name in Chinese.
    public var title: String
    /// How it is written.
    public var kind: Kind
    /// What it can do.
    public var capabilities: Set<AdapterCapability>
    /// The contracts it handles, with their field grants.
    public var contracts: [ContractGrant]
    /// The subtree of org units it covers; `nil` for every unit.
    public var jurisdiction: String?
    /// How its fetched records carry their org unit; `nil` when it does not say (its records are not scoped).
    public var recordUnit: RecordUnit?

    /// Creates a descriptor.
    public init(
        id: String, title: String, kind: Kind, capabilities: Set<AdapterCapability>, contracts: [ContractGrant],
        jurisdiction: String? = nil, recordUnit: RecordUnit? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.capabilities = capabilities
        self.contracts = contracts
        self.jurisdiction = jurisdiction
        self.recordUnit = recordUnit
    }

    /// The grant for `contract`, if the adapter handles it.
    public func grant(for contract: ContractRef) -> ContractGrant? {
        contracts.first { $0.contract == contract }
    }

    /// Whether the adapter covers `unit`.
    public func covers(unit: String, in tree: OrgUnitTree) -> Bool {
        jurisdiction.map { tree.isInSubtree(unit, of: $0) } ?? true
    }
}
