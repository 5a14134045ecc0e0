import Foundation

/// Paths into the repository for tests that read the shipped `contracts/` folder.
enum ContractTestSupport {
    /// The repository root, found from this file's path (`<root>/Tests/GridwayCoreTests/…`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped contracts folder.
    static let contractsDirectory = repositoryRoot.appendingPathComponent("contracts", isDirectory: true)

    /// The shipped org-unit tree file.
    static let unitsFile = contractsDirectory.appendingPathComponent("units.json")
}
