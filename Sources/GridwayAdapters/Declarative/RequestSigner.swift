import Foundation
import GridwayCore
import GridwayJSON

/// An ``AuthScheme`` with its settings filled in, ready to authenticate requests.
struct RequestSigner: Sendable {
    enum Method: Sendable {
        case header(name: String, value: String)
        case query(name: String, value: String)
        case hmac(HMACSigning, keyID: String?, secret: String)
        case oauth2(OAuth2TokenCache)
    }

    let method: Method

    /// Resolves `scheme` with `settings`; OAuth 2.0 caches come from `caches`, shared by endpoint and client.
    init(_ scheme: AuthScheme, settings: [String: String], caches: inout [String: OAuth2TokenCache]) {
        let constant = { (text: Interpolation) in (try? text.render(in: .null, settings: settings)) ?? "" }
        switch scheme {
        case .bearer(let token):
            method = .header(name: "Authorization", value: "Bearer " + constant(token))
        case .header(let name, let value):
            method = .header(name: name, value: constant(value))
        case .query(let name, let value):
            method = .query(name: name, value: constant(value))
        case .basic(let username, let password):
            let pair = constant(username) + ":" + constant(password)
            method = .header(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        case .hmac(let signing):
            method = .hmac(signing, keyID: signing.keyID.map(constant), secret: constant(signing.secret))
        case .oauth2(let credentials):
            let (url, id) = (constant(credentials.tokenURL), constant(credentials.clientID))
            let key = [url, id, credentials.scope ?? ""].joined(separator: "\n")
            let cache =
                caches[key]
                ?? OAuth2TokenCache(
                    tokenURL: url, clientID: id, clientSecret: constant(credentials.clientSecret),
                    scope: credentials.scope,
                    clientAuthentication: credentials.clientAuthentication)
            caches[key] = cache
            method = .oauth2(cache)
        }
    }

    /// Whether a 401 answer is worth one more try with a fresh token.
    var refreshesOnUnauthorized: Bool {
        if case .oauth2 = method { return true }
        return false
    }

    /// Adds the credentials to `request`; returns the bearer token used, if any, so a 401 can reject it.
    @discardableResult
    func sign(
        _ request: inout OutboundRequest, through transport: any HTTPTransport, timeout: Duration, now: Date,
        rejecting: String? = nil
    )
        async throws -> String?
    {
        switch method {
        case .header(let name, let value):
            request.headers.append(HTTPHeader(name, value))
            return nil
        case .query(let name, let value):
            request.url = PercentEncoding.appending([(name, value)], to: request.url)
            return nil
        case .hmac(let signing, let keyID, let secret):
            let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
            let canonical = HMACSigning.canonicalString(
                method: request.method, url: request.url, timestamp: timestamp, body: request.body)
            if let keyID { request.headers.append(HTTPHeader(signing.keyIDHeader, keyID)) }
            request.headers.append(HTTPHeader(signing.timestampHeader, String(timestamp)))
            request.headers.append(
                HTTPHeader(
                    signing.signatureHeader,
                    HMACSigning.signature(of: canonical, secret: secret, encoding: signing.encoding)))
            return nil
        case .oauth2(let cache):
            let token = try await cache.token(through: transport, timeout: timeout, now: now, rejecting: rejecting)
            request.headers.removeAll { $0.hasName("Authorization") }
            request.headers.append(HTTPHeader("Authorization", "Bearer " + token))
            return token
        }
    }
}
