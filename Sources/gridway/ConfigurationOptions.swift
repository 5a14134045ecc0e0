import ArgumentParser
import Foundation
import GridwayCore
import GridwayPostgres
import GridwaySQLite
import GridwayServer
import GridwayStore
import ServiceLifecycle

/// `--config`, shared by every command that touches the store.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file (default: $GRIDWAY_CONFIG, else built-in defaults).")
    var config: String?

    @Option(name: .long, help: "Data directory holding gridway.sqlite (overrides the configuration).")
    var dataDirectory: String?

    /// The effective configuration.
    func load() throws -> GridwayConfiguration {
        var configuration = try GridwayConfiguration.load(file: config)
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        return configuration
    }

    /// Opens the store named by the configuration: the SQLite file (creating the data directory if
    /// needed; a failure names the directory or the database file it is about), or the PostgreSQL
    /// database, which answers only while its ``PostgresStore/run()`` runs.
    func openStore(_ configuration: GridwayConfiguration) throws -> any Store {
        guard configuration.store == .sqlite else {
            do {
                return PostgresStore(url: try PostgresURL(configuration.postgresURL ?? ""))
            } catch {
                throw ValidationError("configuration postgresURL: \(error.reason)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: configuration.dataDirectory, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            throw StoreOpeningError(
                reason: "the data directory \(configuration.dataDirectory) is a file, not a directory")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw StoreOpeningError(
                reason: "cannot create the data directory \(configuration.dataDirectory): \(error.localizedDescription)"
            )
        }
        do {
            return try SQLiteStore(path: configuration.databasePath)
        } catch {
            throw StoreOpeningError(reason: "cannot open the database \(configuration.databasePath): \(error)")
        }
    }

    /// Runs `body` with the configured store, keeping a store that is a `Service` running meanwhile.
    func withStore<T: Sendable>(_ configuration: GridwayConfiguration, _ body: (any Store) async throws -> T)
        async throws -> T
    {
        let store = try openStore(configuration)
        guard let service = store as? any Service else { return try await body(store) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}

/// The store could not be opened; the message names the file.
struct StoreOpeningError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
