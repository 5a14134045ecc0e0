import Foundation
import GridwayCore

/// Reads the contracts folder from disk: the only file access of contracts and org units.
///
/// A contracts folder holds one `<id>@<major>.json` file per contract and, optionally, the
/// org-unit tree in ``GridwayCore/OrgUnitTree/fileName`` and the data-element dictionary in
/// ``GridwayCore/ElementDictionary/fileName``.
public enum CatalogFiles {
    /// The contract files in `directory`: every `*.json` file except the org-unit tree and the
    /// data-element dictionary, sorted by name. Subfolders are not searched.
    public static func contractFiles(in directory: URL) throws(CatalogFileError) -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CatalogFileError(path: directory.path, reason: reason(error))
        }
        return names.filter { $0.hasSuffix(".json") && $0 != OrgUnitTree.fileName && $0 != ElementDictionary.fileName }
            .sorted()
            .map { directory.appendingPathComponent($0, isDirectory: false) }
    }

    /// The org-unit file of `directory`, or `nil` if it has none.
    public static func unitsFile(in directory: URL) -> URL? {
        let file = directory.appendingPathComponent(OrgUnitTree.fileName, isDirectory: false)
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }

    /// The data-element dictionary file of `directory`, or `nil` if it has none.
    public static func elementsFile(in directory: URL) -> URL? {
        let file = directory.appendingPathComponent(ElementDictionary.fileName, isDirectory: false)
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }

    /// Whether `url` names an existing directory.
    public static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The bytes of the file at `url`.
    public static func read(_ url: URL) throws(CatalogFileError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw CatalogFileError(path: url.path, reason: reason(error))
        }
    }

    /// A short reason for a Foundation file error.
    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        return underlying?.localizedDescription ?? (error as NSError).localizedDescription
    }
}
