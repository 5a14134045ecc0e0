import Foundation
import GridwayCore

/// The repository the fuzz targets read their fixed inputs from: the contracts and the org-unit tree.
///
/// The root is `GRIDWAY_ROOT` when set, else the folder above `Fuzz/`, found from this file's path.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = {
        if let root = ProcessInfo.processInfo.environment["GRIDWAY_ROOT"] {
            return URL(fileURLWithPath: root, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // FuzzSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Fuzz
            .deletingLastPathComponent()
    }()

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

    /// The contract every target that needs one uses: `elderly-visit@1`, the richest schema.
    public static let elderlyVisit: Contract = {
        guard let reference = try? ContractRef(id: "elderly-visit", major: 1),
            let contract = catalog.contract(reference)
        else { fatalError("contracts/ has no elderly-visit@1") }
        return contract
    }()
}
