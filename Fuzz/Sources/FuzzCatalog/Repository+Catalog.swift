import FuzzSupport
import GridwayCore
import GridwayFiles

/// The shipped contracts and org units, for the targets that fuzz Gridway's domain rather than the standards.
extension Repository {
    /// The contracts of `contracts/`.
    public static let catalog: ContractCatalog = {
        do {
            return try ContractCatalog.load(directory: root.appendingPathComponent("contracts"))
        } catch {
            fatalError("cannot load the contracts under \(root.path): \(error)")
        }
    }()

    /// The org-unit tree of `contracts/units.json`.
    public static let units: OrgUnitTree = {
        do {
            return try OrgUnitTree.load(contentsOf: root.appendingPathComponent("contracts/units.json"))
        } catch {
            fatalError("cannot load the org-unit tree under \(root.path): \(error)")
        }
    }()
}
