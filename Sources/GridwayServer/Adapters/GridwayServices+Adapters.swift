import Foundation
import GridwayAdapters
import GridwayCore

extension GridwayServices {
    /// These services with the adapters of ``GridwayConfiguration/adaptersDirectory`` loaded and sending
    /// through `transport`; a missing or empty folder means no adapters.
    ///
    /// - Parameters:
    ///   - compiled: the Swift adapters compiled into this build.
    ///   - transport: what every adapter sends through; remote adapters also use it for `ingest`.
    ///   - environment: where adapter settings are read.
    /// - Throws: ``AdapterLoadError`` with every problem of every manifest.
    public func loadingAdapters(
        compiled: [any CompiledAdapter.Type] = [], transport: any HTTPTransport,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AdapterLoadError) -> GridwayServices {
        var services = self
        services.transport = transport
        let directory = URL(fileURLWithPath: configuration.adaptersDirectory, isDirectory: true)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            services.adapters = .empty
            return services
        }
        let (health, clock) = (adapterHealth, clock)
        services.adapters = try AdapterLoader(
            directory: directory, compiled: compiled, catalog: catalog, environment: environment,
            remote: { manifest in
                try RemoteAdapter(
                    manifest, ingestTransport: health.tracking(transport, for: manifest.descriptor.id, clock: clock))
            }, clock: { clock.date }
        ).load()
        return services
    }
}
