/// How a request proves who sends it, as the manifest's `auth:` says. Every secret comes from a
/// setting (`${settings.token}`), never from the manifest itself.
///
/// ```yaml
/// auth: {type: bearer, token: "${settings.token}"}                      # Authorization: Bearer …
/// auth: {type: header, name: X-Api-Key, value: "${settings.apiKey}"}    # any header
/// auth: {type: query, name: access_token, value: "${settings.token}"}   # ?access_token=…, never shown
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
    /// A token in the query parameter `name`, added last to the URL; its value is a secret setting,
    /// so it is redacted from reasons, and transports log URLs without their query.
    case query(name: String, value: Interpolation)
    case basic(username: Interpolation, password: Interpolation)
    case hmac(HMACSigning)
    case oauth2(OAuth2ClientCredentials)

    /// The `type:` names.
    enum Kind: String, CaseIterable {
        case bearer, header, query, basic, hmac
        case oauth2 = "oauth2-client-credentials"
    }

    /// Reads an `auth:` mapping.
    static func read(_ node: YAMLNode, _ context: ManifestContext) -> AuthScheme? {
        let reader = context.reader
        guard let typeNode = node.entries?.first(where: { $0.key.scalar == "type" })?.value else {
            reader.error(
                "auth needs a type: one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: node.position)
            return nil
        }
        guard let kind = reader.choice(typeNode, "auth type", Kind.self) else { return nil }
        switch kind {
        case .bearer:
            guard let fields = reader.mapping(node, "auth (bearer)", allowed: ["type", "token"], required: ["token"]),
                let token = fields["token"].flatMap({ context.secretText($0, "auth token") })
            else { return nil }
            return .bearer(token: token)
        case .header, .query:
            let what = kind == .header ? "auth header" : "auth query parameter"
            guard
                let fields = reader.mapping(
                    node, "auth (\(kind.rawValue))", allowed: ["type", "name", "value"], required: ["name", "value"]),
                let name = fields["name"].flatMap({ reader.nonEmptyString($0, "\(what) name") }),
                let value = fields["value"].flatMap({ context.secretText($0, "\(what) value") })
            else { return nil }
            return kind == .header ? .header(name: name, value: value) : .query(name: name, value: value)
        case .basic:
            guard
                let fields = reader.mapping(
                    node, "auth (basic)", allowed: ["type", "username", "password"], required: ["username", "password"]),
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
        case .header(_, let value), .query(_, let value): [value]
        case .basic(let username, let password): [username, password]
        case .hmac(let signing): [signing.keyID, signing.secret].compactMap { $0 }
        case .oauth2(let credentials): [credentials.tokenURL, credentials.clientID, credentials.clientSecret]
        }
    }
}
