import ArgumentParser
import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwaySQLite
import GridwayServer
import GridwayStore
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridway demo`: Gridway on its embedded defaults together with a sandbox stand-in for every
/// shipped adapter's system, with keys and a ready-to-paste submission printed on start.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Gridway with a sandbox stand-in for every adapter's system, on this machine only.",
        discussion: """
            Starts a stand-in for each system in adapters/ (a real HTTP server on a loopback port speaking \
            that system's format and checking its credentials), points the adapters at them, creates an \
            admin, a staff and an upstream key and two web portal users (a community worker and an \
            operator), and prints the portal's address with their sign-in and a curl line that submits \
            one report. Every \
            delivery is printed as it reaches its system. Ctrl-C stops everything.
            """)

    @Option(name: .long, help: "Port Gridway listens on (0: any free port).")
    var port = 8080

    @Option(name: .long, help: "Data directory; its database is replaced on every run unless --keep is given.")
    var dataDirectory = "data/demo"

    @Flag(name: .long, help: "Keep the data of earlier runs.")
    var keep = false

    func run() async throws {
        var configuration = GridwayConfiguration()
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configuration.logLevel = .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
        let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if !keep {
            for suffix in ["", "-wal", "-shm"]
            where FileManager.default.fileExists(atPath: configuration.databasePath + suffix) {
                try FileManager.default.removeItem(atPath: configuration.databasePath + suffix)
            }
        }
        let store = try SQLiteStore(path: configuration.databasePath)
        let keys = try await DemoKeys.create(in: store)
        let portalUsers = try await DemoPortalUsers.create(in: store)

        let sandbox = try await Sandbox.start()
        let environment = ProcessInfo.processInfo.environment.merging(sandbox.settings) { $1 }
        let transport = AsyncHTTPTransport()
        let services: GridwayServices
        do {
            services = try GridwayServices(catalog: catalog, units: units, store: store, configuration: configuration)
                .loadingAdapters(compiled: CompiledAdapters.all, transport: transport, environment: environment)
                .withDelivery(environment: environment)
        } catch {
            try await transport.shutdown()
            await sandbox.stop()
            throw error
        }
        let titles = Dictionary(
            services.adapters.adapters.map { ($0.descriptor.id, $0.descriptor.title) },
            uniquingKeysWith: { first, _ in first })
        let contract = try ContractRef(parsing: DemoGuide.contract)
        let targets = services.adapters.adapters.map(\.descriptor).filter {
            $0.capabilities.contains(.deliver) && $0.grant(for: contract) != nil
                && $0.covers(unit: DemoKeys.staffUnit, in: units)
        }
        let guide = DemoGuide(
            systems: sandbox.systems, titles: titles, keys: keys, portalUsers: portalUsers, catalog: catalog,
            units: units,
            targets: targets.map(\.id))
        Console.say(guide.introduction(dataDirectory: dataDirectory, fresh: !keep))
        let (host, port) = (configuration.host, configuration.port)
        let app = buildApplication(services) { address in
            Console.say(guide.howToTry(baseURL: "http://\(host):\(address?.port ?? port)"))
        }
        // One group: the application stops first, then the watcher, which reports until then.
        let watcher = DemoWatcher(systems: sandbox.systems, titles: titles, store: store)
        do {
            try await ServiceGroup(
                configuration: .init(
                    services: [watcher, app], gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: Logger(label: "gridway.demo"))
            ).run()
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
        Console.say("Demo stopped.")
    }
}
