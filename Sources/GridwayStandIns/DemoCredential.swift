import Crypto
import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// A credential a guarded stand-in (``DemoGuard``) requires on every request, checked the way the
/// real system checks it.
public enum DemoCredential: Sendable, Hashable {
    /// `Authorization: Bearer <token>`.
    case bearer(String)
    /// HTTP Basic (RFC 7617).
    case basic(username: String, password: String)
    /// HMAC-SHA256 with `secret` over the declarative engine's canonical string (method, path and
    /// query, timestamp, hex SHA-256 of the body; see `auth: {type: hmac}` in docs/adapters.md),
    /// base64 or hex, with the key id, the Unix timestamp (within 5 minutes) and the signature in
    /// the named headers.
    case hmac(keyID: String, secret: String, keyIDHeader: String, timestampHeader: String, signatureHeader: String)
    /// OAuth 2.0 client credentials (RFC 6749 §4.4): a `POST` to `tokenPath` with the client's HTTP
    /// Basic credentials is answered with `token`; every other request must carry it as a bearer token.
    case oauth2(tokenPath: String, clientID: String, clientSecret: String, token: String)
    /// A Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`) by
    /// the target's signing secret (`whsec_…`), as Gridway's dispatcher sends on every attempt.
    case webhookSignature(secret: String)

    /// What checking a request gives.
    enum Check {
        /// The request carries the credential.
        case passed
        /// The request lacks it, for this reason.
        case refused(String)
        /// The stand-in answers the request itself with this JSON (a token endpoint).
        case answered(JSONValue)
    }

    /// Checks `request` against this credential.
    func check(_ request: ReceivedRequest, now: Date = Date()) -> Check {
        switch self {
        case .bearer(let token):
            return request.header("Authorization") == "Bearer \(token)"
                ? .passed : .refused("expected the bearer token")
        case .basic(let username, let password):
            return request.header("Authorization") == Self.basic(username, password)
                ? .passed : .refused("expected HTTP Basic credentials")
        case .hmac(let keyID, let secret, let keyIDHeader, let timestampHeader, let signatureHeader):
            guard request.header(keyIDHeader) == keyID else { return .refused("expected \(keyIDHeader): \(keyID)") }
            guard let text = request.header(timestampHeader), let timestamp = Int64(text),
                abs(now.timeIntervalSince1970 - Double(timestamp)) <= 300
            else { return .refused("\(timestampHeader) is missing or not within 5 minutes") }
            let target = request.rawQuery.isEmpty ? request.path : request.path + "?" + request.rawQuery
            let canonical = [request.method.uppercased(), target, text, SHA256Hex.of(request.body)].joined(
                separator: "\n")
            let code = HMAC<SHA256>.authenticationCode(
                for: Array(canonical.utf8), using: SymmetricKey(data: Array(secret.utf8)))
            let signature = request.header(signatureHeader)
            return signature == Data(code).base64EncodedString() || signature == Hex.encode(code)
                ? .passed : .refused("\(signatureHeader) does not match the request")
        case .oauth2(let tokenPath, let clientID, let clientSecret, let token):
            guard request.path == tokenPath else { return Self.bearer(token).check(request, now: now) }
            guard request.method == "POST", request.header("Authorization") == Self.basic(clientID, clientSecret),
                request.form?["grant_type"] == "client_credentials"
            else { return .refused("expected a client_credentials grant with the client's HTTP Basic credentials") }
            return .answered(["access_token": .string(token), "token_type": "Bearer", "expires_in": 3600])
        case .webhookSignature(let secret):
            guard let signer = try? WebhookSigner(secrets: [secret]), let id = request.header("webhook-id"),
                let timestamp = request.header("webhook-timestamp").flatMap({ Int64($0) }),
                let signature = request.header("webhook-signature"),
                signer.verify(id: id, timestamp: timestamp, body: request.body, signatureHeader: signature, now: now)
            else { return .refused("no valid Standard Webhooks signature by this target's secret") }
            return .passed
        }
    }

    private static func basic(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
