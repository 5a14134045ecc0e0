import Foundation
import PostgresNIO

/// A PostgreSQL connection URL, `postgres://user:password@host:port/database?sslmode=…`, read into a client configuration.
///
/// `sslmode` follows libpq: `disable`, `prefer` (the default), `require`, or `verify-full` (require and check the
/// server's certificate against the system's roots). Percent-encoded user names and passwords are decoded.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// The configuration a `PostgresClient` connects with.
    public let configuration: PostgresClient.Configuration
    /// The URL as given with its password replaced by `***`, fit for logs.
    public let redacted: String

    /// Reads `string`, or explains what is wrong with it (the message never contains the password).
    public init(_ string: String) throws(PostgresURLError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw PostgresURLError(reason: "expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError(reason: "the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresURLError(reason: "the URL names no user") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        for name in query.keys where name != "sslmode" {
            throw PostgresURLError(reason: "unknown URL parameter '\(name)' (only sslmode is read)")
        }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(Self.unverified)
        case "require": tls = .require(Self.unverified)
        case "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        case let other:
            throw PostgresURLError(reason: "sslmode '\(other)' is not one of disable, prefer, require, verify-full")
        }
        configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.isEmpty ? nil : database, tls: tls)
        var shown = components
        if components.password != nil { shown.password = "***" }
        redacted = shown.string ?? "postgres://\(host)"
    }

    public var description: String { redacted }

    /// TLS that encrypts without checking the certificate, as libpq's `require` does.
    private static var unverified: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}

/// A PostgreSQL URL that cannot be used, and why.
public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the URL.
    public var reason: String

    public var description: String { "invalid PostgreSQL URL: \(reason)" }
}
