import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// An adapter's `adapter.yaml`, read and compiled: who it is, what it covers, its settings, and (for
/// a declarative adapter) the compiled request, response and mapping templates of each capability.
///
/// ```yaml
/// id: civil-affairs-elderly            # lowercase kebab-case, the folder's name
/// title: 民政局居家养老服务平台
/// description: 把走访记录报送到民政局的养老服务平台。  # optional, for people
/// kind: declarative                    # declarative (the sections below) or remote (a remote: section)
/// capabilities: [deliver]              # deliver, fetch, ingest, notify: one section each
/// jurisdiction: "210102"               # optional: the org-unit subtree covered
/// contracts:
///   - ref: elderly-visit@1
///     grant: [elderName, address]      # conditional/restricted fields it may see; open ones always
/// settings:                            # see ManifestSetting
///   baseURL: {env: CIVIL_AFFAIRS_URL, default: "http://127.0.0.1:9001"}
///   token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}
/// tables:                              # code tables for lookup(name)
///   visitType: {home: "01", phone: "02", video: "03", accompanied: "04"}
/// deliver: {...}                       # see SendSection; fetch: FetchSection; ingest: IngestSection
/// ```
public struct AdapterManifest: Sendable {
    /// How the adapter is carried out.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// By the declarative engine, from this manifest's sections.
        case declarative
        /// By a service speaking the remote-adapter protocol, named in the `remote:` section.
        case remote
    }

    /// The manifest file, as given.
    public let file: String
    /// The adapter id.
    public let id: String
    /// Its human name.
    public let title: String
    /// What it is for, if the author said.
    public let summary: String?
    /// How it is carried out.
    public let kind: Kind
    /// What it can do.
    public let capabilities: Set<AdapterCapability>
    /// The contracts it handles, with their grants.
    public let contracts: [ContractGrant]
    /// The org-unit subtree it covers, or `nil` for all.
    public let jurisdiction: String?
    /// The settings it reads from the environment.
    public let settings: [ManifestSetting]
    /// The warnings found while reading (errors make reading fail).
    public let warnings: [ManifestDiagnostic]

    let deliver: SendSection?
    let notify: SendSection?
    let fetch: FetchSection?
    let ingest: IngestSection?
    let remote: RemoteSection?
    /// Where each contract ref and granted field is written, for the catalog checks.
    let contractPositions: [ContractRef: ContractPosition]
    let dataReads: [(contract: ContractRef, path: DocumentPath, required: Bool)]
    let producedFields: [ProducedField]

    /// Where a contract entry and its granted fields are written.
    struct ContractPosition: Sendable {
        var ref: SourcePosition
        var grants: [String: SourcePosition]
    }

    /// The descriptor the adapter registers with.
    public var descriptor: AdapterDescriptor {
        AdapterDescriptor(
            id: id, title: title, kind: kind == .remote ? .remote : .declarative, capabilities: capabilities,
            contracts: contracts, jurisdiction: jurisdiction, recordUnit: fetch?.recordUnit)
    }

    /// Reads and compiles a manifest.
    ///
    /// - Parameters:
    ///   - yaml: the text of `adapter.yaml`.
    ///   - file: its path, for messages.
    ///   - folderName: the adapter folder's name, which `id` must equal; `nil` to skip that check.
    /// - Throws: ``ManifestError`` with every mistake (and warning) found, each with its line and column.
    public init(yaml: String, file: String, folderName: String? = nil) throws(ManifestError) {
        let reader = ManifestReader(file: file)
        let root = try YAMLNode.document(yaml, file: file, what: "manifest")
        guard let parts = ManifestParts.read(root, reader, folderName: folderName), !reader.hasErrors else {
            throw ManifestError(reader.diagnostics.sorted { ($0.position ?? .start) < ($1.position ?? .start) })
        }
        self.file = file
        id = parts.id
        title = parts.title
        summary = parts.summary
        kind = parts.kind
        capabilities = parts.capabilities
        contracts = parts.contracts
        jurisdiction = parts.jurisdiction
        settings = parts.settings
        deliver = parts.deliver
        notify = parts.notify
        fetch = parts.fetch
        ingest = parts.ingest
        remote = parts.remote
        contractPositions = parts.contractPositions
        dataReads = parts.context.dataReads
        producedFields = parts.context.producedFields
        warnings = reader.diagnostics
    }

    /// Reads `adapter.yaml` in `folder`, whose name the id must equal.
    public init(folder: URL) throws(ManifestError) {
        let file = folder.appendingPathComponent(Self.fileName)
        try self.init(
            yaml: try ManifestError.text(of: file, kind: "manifest"), file: file.path,
            folderName: folder.lastPathComponent)
    }

    /// The manifest's file name in an adapter folder.
    public static let fileName = "adapter.yaml"

    /// Every setting's value from `environment` (or its default).
    /// - Throws: ``ManifestError`` naming, at its declaration, each setting that has no value.
    public func resolveSettings(_ environment: [String: String]) throws(ManifestError) -> [String: String] {
        var values: [String: String] = [:]
        var missing: [ManifestDiagnostic] = []
        for setting in settings {
            if let value = setting.value(in: environment) {
                values[setting.name] = value
            } else {
                missing.append(
                    ManifestDiagnostic(
                        .error, file: file, at: setting.position,
                        "setting \"\(setting.name)\" has no value: set the environment variable \(setting.environmentVariable) or give it a default"
                    ))
            }
        }
        guard missing.isEmpty else { throw ManifestError(missing) }
        return values
    }

    /// A remote adapter's section with its settings resolved.
    /// - Throws: ``ManifestError`` if the adapter is not remote or a setting has no value.
    public func remoteManifest(environment: [String: String]) throws(ManifestError) -> RemoteManifest {
        guard let remote else {
            throw ManifestError([
                ManifestDiagnostic(.error, file: file, at: .start, "adapter \(id) is not a remote adapter")
            ])
        }
        let values = try resolveSettings(environment)
        let constant = { (text: Interpolation) in (try? text.render(in: .null, settings: values)) ?? "" }
        return RemoteManifest(
            descriptor: descriptor, endpoint: constant(remote.endpoint), secret: constant(remote.secret),
            timeout: remote.timeout,
            config: (try? remote.config?.evaluate(in: .null, settings: values)).flatMap { $0 } ?? .object([:]),
            file: file)
    }
}
