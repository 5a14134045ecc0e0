import GridwayCore
import GridwayStore

/// What every route needs: the contract catalog, the org-unit tree, the store and the settings.
public struct GridwayServices: Sendable {
    /// Contracts by reference.
    public var catalog: ContractCatalog
    /// The org-unit hierarchy.
    public var units: OrgUnitTree
    /// Durable storage.
    public var store: any Store
    /// Server settings.
    public var configuration: GridwayConfiguration

    /// Bundles the parts.
    public init(catalog: ContractCatalog, units: OrgUnitTree, store: any Store, configuration: GridwayConfiguration) {
        self.catalog = catalog
        self.units = units
        self.store = store
        self.configuration = configuration
    }
}
