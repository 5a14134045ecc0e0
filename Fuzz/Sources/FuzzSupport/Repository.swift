import Foundation
import GridwayJSON

/// The repository the fuzz targets read their fixed inputs from (the contracts and the org-unit tree).
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

    /// The JSON document of the file at `path`, relative to the root.
    public static func document(_ path: String) -> JSONValue {
        do {
            return try JSONValue(parsing: Array(Data(contentsOf: root.appendingPathComponent(path))))
        } catch {
            fatalError("cannot read \(path) under \(root.path) as JSON: \(error)")
        }
    }
}
