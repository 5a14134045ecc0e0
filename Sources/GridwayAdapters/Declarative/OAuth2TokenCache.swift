import Foundation
import GridwayCore
import GridwayJSON

/// Access tokens from one OAuth 2.0 token endpoint (client credentials grant), fetched through the
/// adapter's transport and shared by every request of the adapter.
///
/// A token is reused until 30 seconds before it expires. Concurrent requests that find no valid
/// token wait for one fetch. When an upstream rejects a token with 401, ``token(through:timeout:now:rejecting:)``
/// with that token fetches a new one, unless another request already did.
actor OAuth2TokenCache {
    let tokenURL: String
    let clientID: String
    let clientSecret: String
    let scope: String?
    let clientAuthentication: OAuth2ClientCredentials.ClientAuthentication

    private var cached: (token: String, expires: Date)?
    private var fetching: Task<(token: String, expires: Date), any Error>?

    init(
        tokenURL: String, clientID: String, clientSecret: String, scope: String?,
        clientAuthentication: OAuth2ClientCredentials.ClientAuthentication
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.clientAuthentication = clientAuthentication
    }

    /// A valid access token.
    /// - Parameter rejected: a token the upstream just refused; it is not returned again.
    /// - Throws: ``TokenEndpointError`` when the endpoint cannot be reached or gives no token.
    func token(through transport: any HTTPTransport, timeout: Duration, now: Date, rejecting rejected: String? = nil)
        async throws -> String
    {
        if let cached, cached.expires > now, cached.token != rejected { return cached.token }
        if let fetching { return try await fetching.value.token }
        let request = tokenRequest()
        let task = Task { () async throws -> (token: String, expires: Date) in
            let response: InboundResponse
            do {
                response = try await transport.send(request, timeout: timeout)
            } catch {
                throw TokenEndpointError(reason: "no answer from the token endpoint: \(error)")
            }
            return try Self.readToken(response, now: now)
        }
        fetching = task
        defer { fetching = nil }
        let fetched = try await task.value
        cached = fetched
        return fetched.token
    }

    /// The token request of RFC 6749 §4.4.2.
    private func tokenRequest() -> OutboundRequest {
        var form = [("grant_type", "client_credentials")]
        if let scope { form.append(("scope", scope)) }
        var headers = [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("Accept", "application/json"),
        ]
        switch clientAuthentication {
        case .basic:
            let credentials = PercentEncoding.component(clientID) + ":" + PercentEncoding.component(clientSecret)
            headers.append(HTTPHeader("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        case .body:
            form += [("client_id", clientID), ("client_secret", clientSecret)]
        }
        let body = form.map { PercentEncoding.component($0.0) + "=" + PercentEncoding.component($0.1) }.joined(
            separator: "&")
        return OutboundRequest(method: "POST", url: tokenURL, headers: headers, body: Array(body.utf8))
    }

    /// The token and its expiry (30 seconds early) from a token response.
    private static func readToken(_ response: InboundResponse, now: Date) throws(TokenEndpointError) -> (
        token: String, expires: Date
    ) {
        guard (200...299).contains(response.status) else {
            throw TokenEndpointError(
                reason: "the token endpoint answered HTTP \(response.status)", status: response.status)
        }
        guard let document = try? JSONValue(parsing: response.body),
            case .string(let token)? = document["access_token"], !token.isEmpty
        else { throw TokenEndpointError(reason: "the token endpoint's answer has no access_token") }
        let lifetime = document["expires_in"]?.doubleValue ?? Double(document["expires_in"]?.stringValue ?? "") ?? 3600
        return (token, now.addingTimeInterval(max(0, lifetime - 30)))
    }
}
