import GridwayCore
import GridwayJSON

/// A `kind: remote` adapter's manifest with its settings resolved: everything the remote-adapter
/// client needs to call the service.
public struct RemoteManifest: Sendable {
    /// The adapter's identity and coverage, as the manifest declares them.
    public var descriptor: AdapterDescriptor
    /// The service's base URL.
    public var endpoint: String
    /// The shared secret that signs calls to the service (never log it).
    public var secret: String
    /// How long to wait for the service.
    public var timeout: Duration
    /// The adapter's `config:` object, settings filled in, to send to the service; `{}` when absent.
    public var config: JSONValue
    /// The manifest file, for messages.
    public var file: String
}
