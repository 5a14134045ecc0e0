import ArgumentParser
import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import GridwayServer
import GridwayStore
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `gridway serve`: run the HTTP gateway until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Gridway server.")

    @OptionGroup var options: ConfigurationOptions

    @Option(name: .long, help: "Port to listen on (overrides the configuration).")
    var port: Int?

    func run() async throws {
        var loaded = try options.load()
        if let port { loaded.port = port }
        let configuration = loaded
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let catalog = try ContractCatalog.load(directory: URL(fileURLWithPath: configuration.contractsDirectory))
        let units = try OrgUnitTree.load(contentsOf: URL(fileURLWithPath: configuration.unitsFile))
        let store = try options.openStore(configuration)
        let serverTLS = try configuration.tls.serverConfiguration()
        let transport = AsyncHTTPTransport(tls: try configuration.tls.upstreamConfiguration())
        var services: GridwayServices
        do {
            services = try GridwayServices(catalog: catalog, units: units, store: store, configuration: configuration)
                .loadingAdapters(compiled: CompiledAdapters.all, transport: transport)
                .withDelivery()
            services.serverTLS = serverTLS
            services.prefillTokens = try PrefillTokenSigner.from(environment: ProcessInfo.processInfo.environment)
        } catch {
            try await transport.shutdown()
            throw error
        }
        if configuration.store == .postgres
            && ProcessInfo.processInfo.environment[PrefillTokenSigner.secretVariable] == nil
        {
            Console.say(
                "\(PrefillTokenSigner.secretVariable) is not set: prefill tokens count only on the replica that issued them"
            )
        }
        let adapters = services.adapters.adapters.map(\.descriptor.id)
        Console.say(
            adapters.isEmpty
                ? "No adapters in \(configuration.adaptersDirectory)/"
                : "Loaded \(adapters.count) adapter\(adapters.count == 1 ? "" : "s") from \(configuration.adaptersDirectory)/: \(adapters.joined(separator: ", "))"
        )
        let app = buildApplication(services, runsWorkers: false) { address in
            let scheme = serverTLS == nil ? "http" : "https"
            Console.say("Gridway listening on \(scheme)://\(configuration.host):\(address?.port ?? configuration.port)")
        }
        // One group, stopped in reverse: the server first, then the workers, then the store (once its
        // queued writes are committed; PostgreSQL's connection pool with it), which started first.
        var group: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let service = store as? any Service { group.append(.init(service: service)) }
        group += gatewayWorkers(services).map { .init(service: $0) }
        group.append(
            .init(
                service: ClosureService {
                    try await Self.createFirstAdminKey(in: store)
                    try await app.run()
                }))
        try await ServiceGroup(
            configuration: .init(
                services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "gridway"))
        ).run()
    }

    /// Creates the first admin key on an empty store and prints it.
    private static func createFirstAdminKey(in store: any Store) async throws {
        guard try await store.credentials().isEmpty else { return }
        let key = APIKey.generate()
        let admin = try await store.createCredential(name: "first admin", role: .admin, keyHash: key.hash, by: "system")
        Console.say("Created the first admin key (\(admin.id)). It is shown only this once; store it safely:")
        Console.say("  \(key.secret)")
    }
}
