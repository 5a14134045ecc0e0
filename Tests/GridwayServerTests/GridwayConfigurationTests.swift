import Foundation
import GridwayCore
import GridwayDelivery
import GridwayServer
import Logging
import Testing

@Suite(.timeLimit(.minutes(3))) struct GridwayConfigurationTests {
    private func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func defaultsAreTheEmbeddedLaptopSetUp() throws {
        let configuration = try GridwayConfiguration.load(file: nil, environment: [:])
        #expect(configuration == GridwayConfiguration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.bodyLimit == 1 << 20)
        #expect(configuration.databasePath == "data/gridway.sqlite")
    }

    @Test func environmentOverridesTheFile() throws {
        let path = try file("port: 9090\ndataDirectory: /var/lib/gridway\nbodyLimit: 2048\nlogLevel: debug\n")
        let configuration = try GridwayConfiguration.load(
            file: path, environment: ["GRIDWAY_PORT": "9191", "GRIDWAY_UNITS_FILE": "/etc/gridway/units.json"])
        #expect(configuration.port == 9191)
        #expect(configuration.dataDirectory == "/var/lib/gridway")
        #expect(configuration.bodyLimit == 2048)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.unitsFile == "/etc/gridway/units.json")
    }

    @Test func remindersCanBeTunedOrTurnedOff() throws {
        #expect(GridwayConfiguration().reminderLead == .seconds(24 * 3600))
        let path = try file("reminderLead: 2h\nreminderInterval: 30s\n")
        let tuned = try GridwayConfiguration.load(file: path, environment: [:])
        #expect(tuned.reminderLead == .seconds(7200))
        #expect(tuned.reminderInterval == .seconds(30))
        let off = try GridwayConfiguration.load(file: path, environment: ["GRIDWAY_REMINDER_LEAD": "off"])
        #expect(off.reminderLead == nil)
    }

    @Test func aDefaultRetentionIsAnISODurationOrRefused() throws {
        #expect(
            GridwayConfiguration().defaultRetention == nil, "without it, contracts that declare none keep their data")
        let loaded = try GridwayConfiguration.load(file: try file("defaultRetention: P5Y\n"), environment: [:])
        #expect(loaded.defaultRetention?.description == "P5Y")
        #expect(throws: ConfigurationError.self) {
            try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_DEFAULT_RETENTION": "5 years"])
        }
    }

    @Test func serverLimitsAreSettingsOfTheirOwn() throws {
        let path = try file("maxConnections: 64\nrequestHeadTimeout: 5s\ncredentialRate: off\nmaxJSONDepth: 16\n")
        let loaded = try GridwayConfiguration.load(
            file: path,
            environment: [
                "GRIDWAY_CREDENTIAL_BURST": "20", "GRIDWAY_MAX_URL_BYTES": "4096",
                "GRIDWAY_UPSTREAM_CA_BUNDLE": "/etc/ca.pem",
            ])
        let limits = loaded.limits
        #expect(limits.maxURLBytes == 4096)
        #expect(loaded.tls.upstreamCABundle == "/etc/ca.pem")
        #expect(limits.maxConnections == 64)
        #expect(limits.requestHeadTimeout == .seconds(5))
        #expect(limits.credentialRate == nil)
        #expect(limits.maxJSONDepth == 16)
        #expect(limits.credentialBurst == 20)
        #expect(throws: ConfigurationError.self) {
            try GridwayConfiguration.load(file: try file("maxConnections: none\n"), environment: [:])
        }
    }

    @Test func aFileOfCommentsSetsNothing() throws {
        let path = try file("# every setting keeps its default\n")
        #expect(try GridwayConfiguration.load(file: path, environment: [:]) == GridwayConfiguration())
    }

    @Test func configFileCanComeFromTheEnvironment() throws {
        let path = try file("host: 0.0.0.0\n")
        #expect(try GridwayConfiguration.load(file: nil, environment: ["GRIDWAY_CONFIG": path]).host == "0.0.0.0")
    }

    @Test(arguments: [
        ("port: 70000\n", "port"), ("bodyLimit: -1\n", "bodyLimit"), ("logLevel: loud\n", "logLevel"),
        ("colour: blue\n", "colour"), ("reminderLead: soon\n", "reminderLead"),
        ("reminderInterval: 0s\n", "reminderInterval"),
    ])
    func badSettingsAreNamed(_ text: String, setting: String) throws {
        let path = try file(text)
        #expect {
            try GridwayConfiguration.load(file: path, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.setting == setting
        }
    }

    @Test func targetsSectionTunesEachTargetAndSecretsComeFromTheEnvironment() throws {
        let path = try file(
            "port: 9090\ntargets:\n  civil-affairs-elderly:\n    concurrency: 8\n    timeout: 5s\n    maxAge: 48h\n"
                + "    retryDelay: 200ms\n    maxRetryDelay: 2s\n")
        let configuration = try GridwayConfiguration.load(file: path, environment: [:])
        let environment = ["GRIDWAY_SIGNING_SECRETS_CIVIL_AFFAIRS_ELDERLY": "whsec_bmV3, whsec_b2xk"]
        let tuned = configuration.targetSettings(for: "civil-affairs-elderly", environment: environment)
        #expect(tuned.concurrency == 8)
        #expect(tuned.timeout == .seconds(5))
        #expect(tuned.retry.maximumAge == .seconds(48 * 3600))
        #expect(tuned.retry.baseDelay == .milliseconds(200) && tuned.retry.maximumDelay == .seconds(2))
        #expect(tuned.retry.maximumAttempts == 12, "unset values keep the defaults")
        #expect(tuned.signingSecrets == ["whsec_bmV3", "whsec_b2xk"])
        let other = configuration.targetSettings(for: "health-commission-visits", environment: environment)
        #expect(other.concurrency == 4 && other.signingSecrets.isEmpty)
    }

    @Test(arguments: [
        ("concurrency: 0", "targets.civil.concurrency"), ("timeout: soon", "targets.civil.timeout"),
        ("colour: blue", "targets.civil.colour"),
    ])
    func badTargetSettingsAreNamed(_ line: String, setting: String) throws {
        let path = try file("targets:\n  civil:\n    \(line)\n")
        #expect {
            try GridwayConfiguration.load(file: path, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.setting == setting
        }
    }
}
