import Foundation
import GridwayCore
import GridwayFiles

/// Loads every adapter of an adapters directory into an ``AdapterRegistry``.
///
/// Each subfolder is one adapter, named by its id:
/// - with an `adapter.yaml` of `kind: declarative`, a ``DeclarativeAdapter``;
/// - with an `adapter.yaml` of `kind: remote`, whatever the `remote` factory makes of its
///   ``RemoteManifest`` (the remote-adapter client);
/// - without `adapter.yaml`, the compiled-in ``CompiledAdapter`` type whose `id` is the folder name.
///
/// Hidden folders and plain files (such as a README) are skipped. Every problem is collected before
/// failing, so one run shows them all.
public struct AdapterLoader: Sendable {
    /// The adapters directory, `adapters/` by default.
    public var directory: URL
    /// The Swift adapters compiled in, by type.
    public var compiled: [any CompiledAdapter.Type]
    /// The contracts, to check each manifest's contracts, grants and field reads; `nil` skips the check.
    public var catalog: ContractCatalog?
    /// Where settings are read.
    public var environment: [String: String]
    /// Makes the adapter of a remote manifest; `nil` refuses remote adapters.
    public var remote: (@Sendable (RemoteManifest) throws -> any Adapter)?
    /// The clock of declarative adapters.
    public var clock: @Sendable () -> Date

    /// Creates a loader.
    public init(
        directory: URL = URL(fileURLWithPath: "adapters"), compiled: [any CompiledAdapter.Type] = [],
        catalog: ContractCatalog?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        remote: (@Sendable (RemoteManifest) throws -> any Adapter)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.directory = directory
        self.compiled = compiled
        self.catalog = catalog
        self.environment = environment
        self.remote = remote
        self.clock = clock
    }

    /// Loads every adapter folder.
    /// - Throws: ``AdapterLoadError`` with every problem: unreadable or invalid manifests, missing
    ///   settings, folders that are no adapter, ids used twice, adapters that fail to start.
    public func load() throws(AdapterLoadError) -> AdapterRegistry {
        var problems: [ManifestDiagnostic] = []
        var adapters: [any Adapter] = []
        var compiledByID: [String: any CompiledAdapter.Type] = [:]
        for type in compiled {
            let id = type.id
            if compiledByID[id] != nil {
                problems.append(
                    ManifestDiagnostic(
                        .error, file: directory.path, at: nil, "two compiled-in adapters have the id \"\(id)\""))
            }
            compiledByID[id] = type
        }
        for folder in folders(&problems) {
            do {
                if let adapter = try adapter(in: folder, compiled: compiledByID[folder.lastPathComponent]) {
                    adapters.append(adapter)
                }
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw AdapterLoadError(problems) }
        do {
            return try AdapterRegistry(adapters)
        } catch {
            throw AdapterLoadError([ManifestDiagnostic(.error, file: directory.path, at: nil, error.description)])
        }
    }

    /// The adapter folders, sorted by name.
    private func folders(_ problems: inout [ManifestDiagnostic]) -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            problems.append(
                ManifestDiagnostic(
                    .error, file: directory.path, at: nil,
                    "cannot read the adapters directory: \(error.localizedDescription)"))
            return []
        }
        return names.filter { !$0.hasPrefix(".") }.sorted()
            .map { directory.appendingPathComponent($0, isDirectory: true) }
            .filter(CatalogFiles.isDirectory)
    }

    /// The adapter of one folder.
    private func adapter(in folder: URL, compiled: (any CompiledAdapter.Type)?) throws(AdapterLoadError) -> (
        any Adapter
    )? {
        let manifestFile = folder.appendingPathComponent(AdapterManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestFile.path) else {
            guard let compiled else {
                throw AdapterLoadError([
                    ManifestDiagnostic(
                        .error, file: folder.path, at: nil,
                        "\(folder.lastPathComponent) is no adapter: it has no \(AdapterManifest.fileName) and no compiled-in Swift adapter has the id \"\(folder.lastPathComponent)\""
                    )
                ])
            }
            return try make(compiled, folder: folder)
        }
        if compiled != nil {
            throw AdapterLoadError([
                ManifestDiagnostic(
                    .error, file: manifestFile.path, at: nil,
                    "\(folder.lastPathComponent) has an \(AdapterManifest.fileName) and a compiled-in Swift adapter of the same id; keep one"
                )
            ])
        }
        do throws(ManifestError) {
            let manifest = try AdapterManifest(folder: folder)
            if let catalog {
                let errors = manifest.check(against: catalog).filter { $0.severity == .error }
                guard errors.isEmpty else { throw ManifestError(errors) }
            }
            switch manifest.kind {
            case .declarative:
                return try DeclarativeAdapter(manifest: manifest, environment: environment, clock: clock)
            case .remote:
                let section = try manifest.remoteManifest(environment: environment)
                guard let remote else {
                    throw ManifestError([
                        ManifestDiagnostic(
                            .error, file: manifest.file, at: .start, "remote adapters cannot be loaded here")
                    ])
                }
                do {
                    return try remote(section)
                } catch {
                    throw ManifestError([
                        ManifestDiagnostic(
                            .error, file: manifest.file, at: .start, "the remote adapter cannot start: \(error)")
                    ])
                }
            }
        } catch {
            throw AdapterLoadError(error.errors)
        }
    }

    /// A compiled-in adapter, checked to carry its folder's id.
    private func make(_ type: any CompiledAdapter.Type, folder: URL) throws(AdapterLoadError) -> any Adapter {
        let adapter: any Adapter
        do {
            adapter = try type.init(settings: environment)
        } catch {
            throw AdapterLoadError([
                ManifestDiagnostic(
                    .error, file: folder.path, at: nil, "the Swift adapter \(type.id) cannot start: \(error)")
            ])
        }
        guard adapter.descriptor.id == type.id else {
            throw AdapterLoadError([
                ManifestDiagnostic(
                    .error, file: folder.path, at: nil,
                    "the Swift adapter \(type.id) describes itself as \"\(adapter.descriptor.id)\"")
            ])
        }
        if let catalog {
            let unknown = adapter.descriptor.contracts.map(\.contract).filter { catalog.contract($0) == nil }
            if let first = unknown.first {
                throw AdapterLoadError([
                    ManifestDiagnostic(
                        .error, file: folder.path, at: nil,
                        "the Swift adapter \(type.id) names the unknown contract \(first)")
                ])
            }
        }
        return adapter
    }
}
