import Crypto
import Foundation
import GridwayCore

/// How a request proves who sends it, as the manifest's `auth:` says. Every secret comes from a
/// setting (`${settings.token}`), never from the manifest itself.
///
/// ```yaml
/// auth: {type: bearer, token: "${settings.token}"}                      # Authorization: Bearer …
/// auth: {type: header, name: X-Api-Key, value: "${settings.apiKey}"}    # any header
/// auth: {type: basic, username: "${settings.user}", password: "${settings.password}"}
/// auth:
///   type: hmac                       # HMAC-SHA256, see HMACSigning
///   keyId: "${settings.appId}"
///   secret: "${settings.appSecret}"
///   encoding: hex                    # hex (default) or base64
/// auth:
///   type: oauth2-client-credentials  # RFC 6749 §4.4, token cached until shortly before it expires
///   tokenURL: "${settings.tokenURL}"
///   clientID: "${settings.clientID}"
///   clientSecret: "${settings.clientSecret}"
///   scope: visits.write
///   clientAuthentication: basic      # basic (default) or body
/// ```
enum AuthScheme: Sendable {
    case bearer(token: Interpolation)
    case header(name: String, value: Interpolation)
    case basic(username: Interpolation, password: Interpolation)
    case hmac(HMACSigning)
    case oauth2(OAuth2ClientCredentials)

    /// The `type:` names.
    enum Kind: String, CaseIterable {
        case bearer, header, basic, hmac
        case oauth2 = "oauth2-client-credentials"
    }

    /// Reads an `auth:` mapping.
    static func read(_ node: YAMLNode, _ context: ManifestContext) -> AuthScheme? {
        let reader = context.reader
        guard let typeNode = node.entries?.first(where: { $0.key.scalar == "type" })?.value else {
            reader.error("auth needs a type: one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: node.position)
            return nil
        }
        guard let kind = reader.choice(typeNode, "auth type", Kind.self) else { return nil }
        switch kind {
        case .bearer:
            guard let fields = reader.mapping(node, "auth (bearer)", allowed: ["type", "token"], required: ["token"]),
                let token = fields["token"].flatMap({ context.secretText($0, "auth token") })
            else { return nil }
            return .bearer(token: token)
        case .header:
            guard let fields = reader.mapping(node, "auth (header)", allowed: ["type", "name", "value"], required: ["name", "value"]),
                let name = fields["name"].flatMap({ reader.nonEmptyString($0, "auth header name") }),
                let value = fields["value"].flatMap({ context.secretText($0, "auth header value") })
            else { return nil }
            return .header(name: name, value: value)
        case .basic:
            guard let fields = reader.mapping(node, "auth (basic)", allowed: ["type", "username", "password"], required: ["username", "password"]),
                let username = fields["username"].flatMap({ context.constantText($0, "auth username") }),
                let password = fields["password"].flatMap({ context.secretText($0, "auth password") })
            else { return nil }
            return .basic(username: username, password: password)
        case .hmac:
            return HMACSigning.read(node, context).map(AuthScheme.hmac)
        case .oauth2:
            return OAuth2ClientCredentials.read(node, context).map(AuthScheme.oauth2)
        }
    }

    /// Every text of the scheme, for resolving settings.
    var texts: [Interpolation] {
        switch self {
        case .bearer(let token): [token]
        case .header(_, let value): [value]
        case .basic(let username, let password): [username, password]
        case .hmac(let signing): [signing.keyID, signing.secret].compactMap { $0 }
        case .oauth2(let credentials): [credentials.tokenURL, credentials.clientID, credentials.clientSecret]
        }
    }
}

/// `auth: {type: hmac}`: signs each request with HMAC-SHA256 over a canonical string.
///
/// The canonical string is four lines joined by `\n` (no trailing newline):
///
/// ```
/// POST                                  the method, upper case
/// /api/v1/visits?unit=210102            the path and query of the URL, as sent
/// 1762300800                            the timestamp: Unix seconds, also sent in timestampHeader
/// 9f86d081884c7d65…                     lowercase hex SHA-256 of the body bytes (of "" when empty)
/// ```
///
/// The signature (hex or base64 of the HMAC) goes in `signatureHeader` (default `X-Signature`),
/// the timestamp in `timestampHeader` (default `X-Timestamp`) and, when `keyId` is given, the key
/// id in `keyIdHeader` (default `X-Key-Id`).
struct HMACSigning: Sendable {
    /// How the signature bytes are written.
    enum Encoding: String, CaseIterable, Sendable {
        case hex, base64
    }

    let keyID: Interpolation?
    let secret: Interpolation
    let encoding: Encoding
    let signatureHeader: String
    let timestampHeader: String
    let keyIDHeader: String

    static func read(_ node: YAMLNode, _ context: ManifestContext) -> HMACSigning? {
        let reader = context.reader
        let keys = ["type", "keyId", "secret", "encoding", "signatureHeader", "timestampHeader", "keyIdHeader"]
        guard let fields = reader.mapping(node, "auth (hmac)", allowed: keys, required: ["secret"]),
            let secret = fields["secret"].flatMap({ context.secretText($0, "auth secret") })
        else { return nil }
        let header = { (key: String, fallback: String) in fields[key].flatMap { reader.nonEmptyString($0, key) } ?? fallback }
        return HMACSigning(
            keyID: fields["keyId"].flatMap { context.constantText($0, "auth keyId") }, secret: secret,
            encoding: fields["encoding"].flatMap { reader.choice($0, "auth encoding", Encoding.self) } ?? .hex,
            signatureHeader: header("signatureHeader", "X-Signature"),
            timestampHeader: header("timestampHeader", "X-Timestamp"), keyIDHeader: header("keyIdHeader", "X-Key-Id"))
    }

    /// The canonical string of a request; see the type's documentation.
    static func canonicalString(method: String, url: String, timestamp: Int64, body: [UInt8]) -> String {
        [method.uppercased(), pathAndQuery(of: url), String(timestamp), SHA256Hex.of(body)].joined(separator: "\n")
    }

    /// The signature of `canonical` with `secret`, encoded.
    static func signature(of canonical: String, secret: String, encoding: Encoding) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(canonical.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        switch encoding {
        case .hex: return Hex.encode(code)
        case .base64: return Data(code).base64EncodedString()
        }
    }

    /// `/path?query` of an absolute URL (`/` when it has no path).
    static func pathAndQuery(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterAuthority = url[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" }
        guard let start = afterAuthority else { return "/" }
        let rest = String(url[start...].prefix { $0 != "#" })
        return rest.hasPrefix("?") ? "/" + rest : rest
    }
}

/// `auth: {type: oauth2-client-credentials}`: a bearer token from an OAuth 2.0 token endpoint
/// (RFC 6749 §4.4), fetched through the adapter's transport, cached until 30 seconds before it
/// expires, and fetched again once when the upstream answers 401.
struct OAuth2ClientCredentials: Sendable {
    /// How the client authenticates to the token endpoint.
    enum ClientAuthentication: String, CaseIterable, Sendable {
        /// HTTP Basic with the client id and secret (RFC 6749 §2.3.1, the default).
        case basic
        /// `client_id` and `client_secret` in the form body.
        case body
    }

    let tokenURL: Interpolation
    let clientID: Interpolation
    let clientSecret: Interpolation
    let scope: String?
    let clientAuthentication: ClientAuthentication

    static func read(_ node: YAMLNode, _ context: ManifestContext) -> OAuth2ClientCredentials? {
        let reader = context.reader
        let keys = ["type", "tokenURL", "clientID", "clientSecret", "scope", "clientAuthentication"]
        guard let fields = reader.mapping(node, "auth (oauth2-client-credentials)", allowed: keys,
                                          required: ["tokenURL", "clientID", "clientSecret"]),
            let tokenURL = fields["tokenURL"].flatMap({ context.constantText($0, "auth tokenURL") }),
            let clientID = fields["clientID"].flatMap({ context.constantText($0, "auth clientID") }),
            let clientSecret = fields["clientSecret"].flatMap({ context.secretText($0, "auth clientSecret") })
        else { return nil }
        return OAuth2ClientCredentials(
            tokenURL: tokenURL, clientID: clientID, clientSecret: clientSecret,
            scope: fields["scope"].flatMap { reader.string($0, "auth scope") },
            clientAuthentication: fields["clientAuthentication"].flatMap {
                reader.choice($0, "auth clientAuthentication", ClientAuthentication.self)
            } ?? .basic)
    }
}
