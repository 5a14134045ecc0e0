import Foundation
import GridwayCore
import Logging
import Yams

/// Every setting of a Gridway server, with the embedded defaults of a laptop install.
///
/// Values come from, in increasing precedence: the defaults, a YAML file, and `GRIDWAY_*`
/// environment variables.
public struct GridwayConfiguration: Sendable, Equatable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on.
    public var port = 8080
    /// Folder holding the SQLite database.
    public var dataDirectory = "data"
    /// Which store holds the data: the embedded SQLite file, or a PostgreSQL database shared by replicas.
    public var store = StoreKind.sqlite
    /// The PostgreSQL database, `postgres://user:password@host:port/database?sslmode=…` (with `store: postgres`).
    public var postgresURL: String?
    /// Folder of contract schemas.
    public var contractsDirectory = "contracts"
    /// The org-unit tree file.
    public var unitsFile = "contracts/units.json"
    /// Folder of adapters, one subfolder each; a missing folder means no adapters.
    public var adaptersDirectory = "adapters"
    /// How long each source may take to answer a unified query or a prefill before it is reported as timed out.
    public var fetchTimeout = Duration.seconds(3)
    /// Largest accepted request body, in bytes.
    public var bodyLimit = 1 << 20
    /// Minimum level of log messages.
    public var logLevel = Logger.Level.info
    /// How long before a task's due time its reminder goes to the units that have not submitted; `nil` (`off`) sends none.
    public var reminderLead: Duration? = .seconds(24 * 3600)
    /// How often the reminder service looks for tasks entering that window, and the deadline watch
    /// for deliveries missing their deadline.
    public var reminderInterval = Duration.seconds(60)
    /// How long before a report's deadline (`x-gridway-deadline`) a delivery not yet made raises the
    /// deadline watch's notice; `nil` (`off`) runs no watch.
    public var deadlineMargin: Duration? = .seconds(24 * 3600)
    /// Limits that protect the server from hostile or broken clients.
    public var limits = ServerLimits()
    /// TLS files: serving HTTPS, and calling upstream systems.
    public var tls = TLSSettings()
    /// Per-target delivery settings from the file's `targets:` section, by target id.
    public var targets: [String: TargetOverrides] = [:]
    /// Whether each accepted submission's burden figures are counted (`burdenAccounting: off` stops it).
    public var burdenAccounting = true
    /// How long personal fields are kept after the end of a submission's period for contracts that
    /// declare no `x-gridway-retention` (`defaultRetention: P3Y`); `nil`: such contracts keep them.
    public var defaultRetention: CalendarDuration?
    /// How often `gridway serve` erases personal data past its retention (`retentionInterval: off` stops it).
    public var retentionInterval: Duration? = .seconds(24 * 3600)

    /// The defaults.
    public init() {}

    /// The SQLite database file inside the data directory.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("gridway.sqlite") }

    /// Loads the defaults, then the YAML file at `path` if given, then the environment.
    public static func load(file path: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> GridwayConfiguration
    {
        var configuration = GridwayConfiguration()
        if let path = path ?? environment["GRIDWAY_CONFIG"] {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(
                    setting: "config", reason: "cannot read \(path): \(error.localizedDescription)")
            }
            let file: FileSettings
            do {
                // A file of nothing but comments sets nothing.
                file =
                    try Yams.compose(yaml: text) == nil
                    ? FileSettings() : YAMLDecoder().decode(FileSettings.self, from: text)
            } catch {
                throw ConfigurationError(setting: "config", reason: "\(path) is not a valid configuration: \(error)")
            }
            try configuration.apply(file.settings, source: path)
            for (target, values) in file.targets {
                configuration.targets[target] = try TargetOverrides(values, target: target, source: path)
            }
        }
        let variables = Dictionary(
            uniqueKeysWithValues: FileSettings.keys.compactMap { key in
                environment["GRIDWAY_" + key.uppercasedSnake].map { (key, $0) }
            })
        try configuration.apply(variables, source: "environment")
        if configuration.store == .postgres && configuration.postgresURL == nil {
            throw ConfigurationError(
                setting: "postgresURL", reason: "store: postgres needs postgresURL (or GRIDWAY_POSTGRES_URL)")
        }
        return configuration
    }

    private mutating func apply(_ settings: [String: String], source: String) throws {
        for (key, value) in settings {
            func invalid(_ expected: String) -> ConfigurationError {
                ConfigurationError(setting: key, reason: "\(source): \"\(value)\" is not \(expected)")
            }
            switch key {
            case "host": host = value
            case "port":
                guard let port = Int(value), (0...65535).contains(port) else { throw invalid("a port number") }
                self.port = port
            case "dataDirectory": dataDirectory = value
            case "store":
                guard let kind = StoreKind(rawValue: value) else { throw invalid("sqlite or postgres") }
                store = kind
            case "postgresURL": postgresURL = value
            case "contractsDirectory": contractsDirectory = value
            case "unitsFile": unitsFile = value
            case "adaptersDirectory": adaptersDirectory = value
            case "fetchTimeout":
                guard let timeout = Self.duration(value), timeout > .zero else {
                    throw invalid("a positive duration such as 3s or 1500ms")
                }
                fetchTimeout = timeout
            case "reminderLead", "retentionInterval", "deadlineMargin":
                var duration: Duration?
                if value != "off" {
                    guard let parsed = Self.duration(value), parsed > .zero else {
                        throw invalid("a positive duration such as 24h, or off")
                    }
                    duration = parsed
                }
                switch key {
                case "reminderLead": reminderLead = duration
                case "retentionInterval": retentionInterval = duration
                default: deadlineMargin = duration
                }
            case "reminderInterval":
                guard let interval = Self.duration(value), interval > .zero else {
                    throw invalid("a positive duration such as 1m")
                }
                reminderInterval = interval
            case "bodyLimit":
                guard let limit = Int(value), limit > 0 else { throw invalid("a positive number of bytes") }
                bodyLimit = limit
            case "burdenAccounting":
                guard let enabled = ["on": true, "off": false][value] else { throw invalid("on or off") }
                burdenAccounting = enabled
            case "defaultRetention":
                guard let retention = CalendarDuration(parsing: value) else {
                    throw invalid("an ISO 8601 duration of years, months, weeks or days such as P3Y")
                }
                defaultRetention = retention
            case "logLevel":
                guard let level = Logger.Level(rawValue: value) else { throw invalid("a log level") }
                logLevel = level
            case _ where ServerLimits.keys.contains(key):
                try limits.apply(key, value, invalid: invalid)
            case _ where TLSSettings.keys.contains(key):
                try tls.apply(key, value)
            default:
                throw ConfigurationError(setting: key, reason: "\(source): unknown setting")
            }
        }
    }
}

extension GridwayConfiguration {
    /// `1500ms`, `3s`, `2m` or `24h` as a duration; `nil` for anything else.
    static func duration(_ text: String) -> Duration? {
        let units = [("ms", Duration.milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600))]
        for (suffix, unit) in units where text.hasSuffix(suffix) {
            return Int(text.dropLast(suffix.count)).map { unit * $0 }
        }
        return nil
    }
}

/// A setting that could not be applied.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// The setting's name.
    public var setting: String
    /// What is wrong with it.
    public var reason: String

    public var description: String { "configuration \(setting): \(reason)" }
}

/// The YAML file: a flat map of setting names to scalar values, and a `targets:` map of target id
/// to its delivery settings.
private struct FileSettings: Decodable {
    static let keys =
        [
            "host", "port", "dataDirectory", "store", "postgresURL", "contractsDirectory", "unitsFile",
            "adaptersDirectory",
            "fetchTimeout", "bodyLimit", "logLevel", "reminderLead", "reminderInterval", "burdenAccounting",
            "defaultRetention", "retentionInterval", "deadlineMargin",
        ] + ServerLimits.keys + TLSSettings.keys

    var settings: [String: String] = [:]
    var targets: [String: [String: String]] = [:]

    init() {}

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        settings = [:]
        targets = [:]
        for key in container.allKeys {
            if key.stringValue == "targets" {
                targets = try container.decode([String: [String: String]].self, forKey: key)
            } else {
                settings[key.stringValue] = try container.decode(String.self, forKey: key)
            }
        }
    }
}

extension String {
    /// `dataDirectory` → `DATA_DIRECTORY`, `maxJSONDepth` → `MAX_JSON_DEPTH`, `upstreamCABundle` →
    /// `UPSTREAM_CA_BUNDLE`: a word starts at an upper-case letter after a lower-case one, or at the
    /// last capital of an acronym followed by a lower-case letter.
    fileprivate var uppercasedSnake: String {
        let characters = Array(self)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLowercase = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || (previous.isUppercase && nextIsLowercase) { result += "_" }
            }
            result += character.uppercased()
        }
        return result
    }
}
