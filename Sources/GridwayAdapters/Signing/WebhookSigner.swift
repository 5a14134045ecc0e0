import Crypto
import Foundation

/// Standard Webhooks signatures (`webhook-id`, `webhook-timestamp`, `webhook-signature`, scheme `v1`):
/// HMAC-SHA256 over `id.timestamp.body` with a per-target secret.
///
/// Several secrets may be active during a rotation: the request carries one signature per secret,
/// and a verifier accepts any of them.
public struct WebhookSigner: Sendable {
    private let secrets: [Data]

    /// Creates a signer from secrets written `whsec_<base64>` (the prefix is optional).
    public init(secrets: [String]) throws(WebhookSecretError) {
        var decoded: [Data] = []
        for secret in secrets {
            let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
            guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else {
                throw WebhookSecretError(secret: secret)
            }
            decoded.append(bytes)
        }
        self.secrets = decoded
    }

    /// The `webhook-signature` header value: `v1,<base64>` per secret, separated by spaces.
    public func signature(id: String, timestamp: Int64, body: some DataProtocol) -> String {
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        return keys.map { key in
            "v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: key)).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three headers for a request with this id and body, signed now (or at `date`).
    public func headers(id: String, body: some DataProtocol, at date: Date = Date()) -> [(name: String, value: String)]
    {
        let timestamp = Int64(date.timeIntervalSince1970)
        return [
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// Whether `signatureHeader` holds a valid `v1` signature by any of the secrets, and the
    /// timestamp lies within `tolerance` of `now` (replay protection).
    public func verify(
        id: String, timestamp: Int64, body: some DataProtocol, signatureHeader: String, now: Date = Date(),
        tolerance: TimeInterval = 300
    ) -> Bool {
        guard abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        let presented = signatureHeader.split(separator: " ").compactMap { entry -> Data? in
            guard entry.hasPrefix("v1,") else { return nil }
            return Data(base64Encoded: String(entry.dropFirst(3)))
        }
        return keys.contains { key in
            presented.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: content, using: key) }
        }
    }

    private var keys: [SymmetricKey] { secrets.map { SymmetricKey(data: $0) } }

    private static func signedContent(id: String, timestamp: Int64, body: some DataProtocol) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        return content
    }
}

/// A webhook secret that is not base64 (after an optional `whsec_` prefix).
public struct WebhookSecretError: Error, Sendable, CustomStringConvertible {
    /// The rejected secret, never printed in full.
    let secret: String

    public var description: String {
        "a webhook secret must be base64, optionally prefixed whsec_ (got one of \(secret.count) characters)"
    }
}
