import NIOSSL

/// Where the PEM files of Gridway's TLS live: its own certificate for serving HTTPS, and what it
/// trusts and presents when it calls upstream systems.
public struct TLSSettings: Sendable, Equatable {
    /// Certificate chain (PEM) Gridway serves HTTPS with; with ``key``, or neither for plain HTTP.
    public var certificate: String?
    /// The private key (PEM) of ``certificate``.
    public var key: String?
    /// CA certificates (PEM bundle) upstream certificates are verified against, instead of the system's.
    public var upstreamCABundle: String?
    /// Client certificate chain (PEM) presented to upstreams that ask for one (mutual TLS).
    public var upstreamClientCertificate: String?
    /// The private key (PEM) of ``upstreamClientCertificate``.
    public var upstreamClientKey: String?

    /// No TLS files: plain HTTP, and upstream certificates checked against the system's roots.
    public init() {}

    /// The setting names, as written in the configuration file.
    static let keys = [
        "tlsCertificate", "tlsKey", "upstreamCABundle", "upstreamClientCertificate", "upstreamClientKey",
    ]

    /// Sets `key` to the path `value`.
    mutating func apply(_ key: String, _ value: String) throws {
        switch key {
        case "tlsCertificate": certificate = value
        case "tlsKey": self.key = value
        case "upstreamCABundle": upstreamCABundle = value
        case "upstreamClientCertificate": upstreamClientCertificate = value
        case "upstreamClientKey": upstreamClientKey = value
        default: throw ConfigurationError(setting: key, reason: "unknown setting")
        }
    }

    /// The configuration to serve HTTPS with, or `nil` for plain HTTP.
    /// - Throws: ``ConfigurationError`` naming the setting whose file is missing or unreadable.
    public func serverConfiguration() throws -> TLSConfiguration? {
        guard let (chain, key) = try Self.pair(certificate, "tlsCertificate", key, "tlsKey") else { return nil }
        return .makeServerConfiguration(certificateChain: chain, privateKey: key)
    }

    /// The configuration for calls to upstream systems, or `nil` for the client's defaults.
    /// - Throws: ``ConfigurationError`` naming the setting whose file is missing or unreadable.
    public func upstreamConfiguration() throws -> TLSConfiguration? {
        let client = try Self.pair(
            upstreamClientCertificate, "upstreamClientCertificate", upstreamClientKey, "upstreamClientKey")
        guard upstreamCABundle != nil || client != nil else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let bundle = upstreamCABundle {
            configuration.trustRoots = .certificates(
                try Self.read("upstreamCABundle", bundle) { try NIOSSLCertificate.fromPEMFile($0) })
        }
        if let (chain, key) = client {
            configuration.certificateChain = chain
            configuration.privateKey = key
        }
        return configuration
    }

    /// A certificate chain and its key, both set or both unset.
    private static func pair(_ certificate: String?, _ certificateSetting: String, _ key: String?, _ keySetting: String)
        throws -> ([NIOSSLCertificateSource], NIOSSLPrivateKeySource)?
    {
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?):
            let chain = try read(certificateSetting, certificate) { try NIOSSLCertificate.fromPEMFile($0) }
            guard !chain.isEmpty else {
                throw ConfigurationError(setting: certificateSetting, reason: "\(certificate) holds no PEM certificate")
            }
            let privateKey = try read(keySetting, key) { try NIOSSLPrivateKey(file: $0, format: .pem) }
            return (chain.map { .certificate($0) }, .privateKey(privateKey))
        case (nil, _): throw ConfigurationError(setting: certificateSetting, reason: "\(keySetting) is set without it")
        case (_, nil): throw ConfigurationError(setting: keySetting, reason: "\(certificateSetting) is set without it")
        }
    }

    private static func read<T>(_ setting: String, _ path: String, _ load: (String) throws -> T) throws -> T {
        do {
            return try load(path)
        } catch {
            throw ConfigurationError(setting: setting, reason: "cannot read \(path) as PEM: \(error)")
        }
    }
}
