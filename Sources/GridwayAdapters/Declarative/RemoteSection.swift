import GridwayCore

/// The `remote:` section of a `kind: remote` adapter: where its service is and what to send it.
///
/// ```yaml
/// remote:
///   endpoint: ${settings.serviceURL}      # base URL of the service speaking the remote protocol
///   secret: ${settings.serviceSecret}     # signs every call (Standard Webhooks); from a setting
///   timeout: 10s                          # default 30s
///   config: {areaCode: "210102", appId: "${settings.appId}"}   # sent to the service with every call
/// ```
struct RemoteSection: Sendable {
    var endpoint: Interpolation
    var secret: Interpolation
    var timeout: Duration
    var config: Template?

    static func read(_ node: YAMLNode, _ context: ManifestContext) -> RemoteSection? {
        let reader = context.reader
        guard
            let fields = reader.mapping(
                node, "remote", allowed: ["endpoint", "secret", "timeout", "config"], required: ["endpoint", "secret"]),
            let endpoint = fields["endpoint"].flatMap({ context.constantText($0, "remote endpoint") }),
            let secret = fields["secret"].flatMap({ context.secretText($0, "remote secret") })
        else { return nil }
        let compiler = context.compiler("the remote config", roots: [])
        let config = fields["config"].map(compiler.template)
        if let first = compiler.paths.first {
            reader.error("remote config can only use literals and ${settings.…}, not \(first.text)", at: first.position)
        }
        if let configNode = fields["config"], configNode.entries == nil {
            reader.error("remote config must be a mapping", at: configNode.position)
        }
        return RemoteSection(
            endpoint: endpoint, secret: secret,
            timeout: fields["timeout"].flatMap { reader.duration($0, "timeout") } ?? DeclarativeDefaults.timeout,
            config: config)
    }
}
