import Foundation
import Testing

/// The module boundaries, checked on the package's sources:
/// - only the engines import their database drivers: GRDB in `GridwaySQLite`, PostgresNIO (and its
///   connection pool) in `GridwayPostgres`. Everything else reaches storage through `GridwayStore`, so a
///   module that must build without SQLite or PostgreSQL cannot start depending on it by accident;
/// - the standards code, `GridwayJSON`, imports no Gridway module, so it can be reused and fuzzed alone;
/// - `GridwayCore` does no file I/O: reading contracts, units and element dictionaries from disk is
///   `GridwayFiles`' job.
@Suite struct EngineImportTests {
    /// The driver modules and the one source folder allowed to import each.
    static let owners = [
        "GRDB": "Sources/GridwaySQLite/", "PostgresNIO": "Sources/GridwayPostgres/",
        "_ConnectionPoolModule": "Sources/GridwayPostgres/",
    ]

    /// The folder of the standards module, which may import no module named `Gridway…`.
    static let standardsFolder = "Sources/GridwayJSON/"

    /// The folder that may not touch the file system.
    static let pureFolder = "Sources/GridwayCore/"

    /// What file access looks like in Swift with Foundation or the C library.
    static let fileAccess = [
        "FileManager", "FileHandle", "Data(contentsOf", "String(contentsOf", "contentsOfFile", "contentsOfDirectory",
        "write(to:", "write(toFile:", "InputStream", "OutputStream", "fopen(", "fread(", "fwrite(", "import Glibc",
        "import Darwin", "import Musl",
    ]

    /// The package's root, two folders above this file's.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each import in `source` (a file at `path`, relative to the root) that its folder may not make: a
    /// database driver outside its engine, or a Gridway module inside the standards module.
    static func violations(in source: String, at path: String) -> [String] {
        source.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace).filter { !$0.hasPrefix("@") }
            guard words.first == "import", let name = words.last?.split(separator: ".").first.map(String.init)
            else { return nil }
            let wrongDriver = owners[name].map { !path.hasPrefix($0) } ?? false
            let domainInStandards = path.hasPrefix(standardsFolder) && name.hasPrefix("Gridway")
            guard wrongDriver || domainInStandards else { return nil }
            return "\(path): \(line.trimmingCharacters(in: .whitespaces))"
        }
    }

    /// Each line of `source` (a file at `path`) that accesses files though its folder must not; comments do
    /// not count.
    static func fileAccessViolations(in source: String, at path: String) -> [String] {
        guard path.hasPrefix(pureFolder) else { return [] }
        return source.split(separator: "\n").compactMap { line in
            let code = line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : line
            guard fileAccess.contains(where: { code.contains($0) }) else { return nil }
            return "\(path): \(line.trimmingCharacters(in: .whitespaces))"
        }
    }

    /// Every Swift file of the package's targets (not its tests), by path relative to the root.
    static func packageSources() throws -> [(path: String, text: String)] {
        try ["Sources", "Benchmarks/Sources", "adapters"].flatMap { folder -> [(path: String, text: String)] in
            let files = FileManager.default.enumerator(
                at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            return try (files?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }.map { file in
                (
                    String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)),
                    try String(contentsOf: file, encoding: .utf8)
                )
            }
        }
    }

    @Test func onlyTheEnginesImportTheirDatabaseDrivers() throws {
        let sources = try Self.packageSources()
        #expect(
            sources.contains { $0.path == "Sources/GridwayStore/Store.swift" }, "the scan found the package's sources")
        #expect(sources.contains { $0.path.hasPrefix("Sources/GridwaySQLite/") && $0.text.contains("import GRDB") })
        #expect(
            sources.contains { $0.path.hasPrefix("Sources/GridwayPostgres/") && $0.text.contains("import PostgresNIO") }
        )
        let violations = sources.flatMap { Self.violations(in: $0.text, at: $0.path) }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func theStandardsModuleImportsNoGridwayModule() throws {
        let sources = try Self.packageSources().filter { $0.path.hasPrefix(Self.standardsFolder) }
        #expect(sources.contains { $0.path == "Sources/GridwayJSON/JSON/JSONValue.swift" }, "the scan found the module")
        let violations = sources.flatMap { Self.violations(in: $0.text, at: $0.path) }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func theCoreDoesNoFileIO() throws {
        let sources = try Self.packageSources()
        #expect(sources.contains { $0.path == "Sources/GridwayCore/Contracts/Contract.swift" }, "the scan found Core")
        #expect(
            sources.contains { $0.path.hasPrefix("Sources/GridwayFiles/") && $0.text.contains("Data(contentsOf") },
            "the file access the rule forbids in Core exists, in GridwayFiles")
        let violations = sources.flatMap { Self.fileAccessViolations(in: $0.text, at: $0.path) }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func anImportOutsideItsEngineIsFoundInEveryForm() {
        let source = """
            import Foundation
            import GRDB
            @preconcurrency import PostgresNIO
            import struct GRDB.DatabaseQueue
            @testable import _ConnectionPoolModule
            // import GRDB in a comment does not count
            """
        #expect(Self.violations(in: source, at: "Sources/GridwayServer/HTTP/ProblemMiddleware.swift").count == 4)
        #expect(Self.violations(in: "import GRDB", at: "Sources/GridwaySQLite/SQLiteStore.swift").isEmpty)
        #expect(Self.violations(in: "import GRDB", at: "Sources/GridwayPostgres/PostgresStore.swift").count == 1)
        #expect(Self.violations(in: "import PostgresNIO", at: "Sources/GridwayPostgres/PostgresStore.swift").isEmpty)
    }

    @Test func aGridwayImportInTheStandardsModuleIsFoundInEveryForm() {
        let source = """
            import Foundation
            import OrderedCollections
            import GridwayCore
            @testable import GridwayStore
            import struct GridwayCore.Contract
            // import GridwayCore in a comment does not count
            """
        #expect(Self.violations(in: source, at: "Sources/GridwayJSON/JSON/JSONValue.swift").count == 3)
        #expect(Self.violations(in: "import GridwayJSON", at: "Sources/GridwayCore/Contracts/Contract.swift").isEmpty)
    }

    @Test func fileAccessInCoreIsFound() {
        let source = """
            import Foundation
            let bytes = try Data(contentsOf: url)
            let text = try String(contentsOf: url, encoding: .utf8)
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            let handle = fopen(path, "r")
            // FileManager in a comment does not count
            output.append(contentsOf: bytes)
            """
        #expect(Self.fileAccessViolations(in: source, at: "Sources/GridwayCore/Contracts/Reader.swift").count == 4)
        #expect(Self.fileAccessViolations(in: source, at: "Sources/GridwayFiles/CatalogFiles.swift").isEmpty)
    }
}
