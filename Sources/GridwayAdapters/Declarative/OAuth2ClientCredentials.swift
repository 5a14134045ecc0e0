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
        guard
            let fields = reader.mapping(
                node, "auth (oauth2-client-credentials)", allowed: keys,
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
