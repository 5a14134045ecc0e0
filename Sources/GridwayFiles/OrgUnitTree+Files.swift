import Foundation
import GridwayCore
import GridwayJSON

extension OrgUnitTree {
    /// Reads and builds the tree from a `units.json` file.
    ///
    /// - Throws: ``OrgUnitTreeError/unreadable(_:)``, ``OrgUnitTreeError/invalidJSON(_:)``, or the
    ///   errors of ``init(json:)``.
    public static func load(contentsOf file: URL) throws(OrgUnitTreeError) -> OrgUnitTree {
        let bytes: [UInt8]
        do {
            bytes = try CatalogFiles.read(file)
        } catch {
            throw .unreadable(error)
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidJSON(error)
        }
        return try OrgUnitTree(json: document)
    }
}
