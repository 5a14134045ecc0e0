import ArgumentParser
import Foundation
import GridwayCore
import GridwayServer
import GridwayStore

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

    /// Opens the store named by the configuration, creating the data directory if needed.
    func openStore(_ configuration: GridwayConfiguration) throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: configuration.databasePath)
    }
}
