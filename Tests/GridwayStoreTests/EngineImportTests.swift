import Foundation
import Testing

/// Only the engines import their database drivers: GRDB in `GridwaySQLite`, PostgresNIO (and its
/// connection pool) in `GridwayPostgres`. Everything else reaches storage through `GridwayStore`, so a
/// module that must build without SQLite or PostgreSQL cannot start depending on it by accident.
@Suite struct EngineImportTests {
    /// The driver modules and the one source folder allowed to import each.
    static let owners = [
        "GRDB": "Sources/GridwaySQLite/", "PostgresNIO": "Sources/GridwayPostgres/",
        "_ConnectionPoolModule": "Sources/GridwayPostgres/",
    ]

    /// The package's root, two folders above this file's.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each import of a driver in `source` (a file at `path`, relative to the root) that its folder may not make.
    static func violations(in source: String, at path: String) -> [String] {
        source.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace).filter { !$0.hasPrefix("@") }
            guard words.first == "import", let name = words.last?.split(separator: ".").first.map(String.init),
                let owner = owners[name], !path.hasPrefix(owner)
            else { return nil }
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
}
