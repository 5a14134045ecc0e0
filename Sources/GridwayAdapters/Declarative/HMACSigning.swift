import Crypto
import Foundation
import GridwayCore

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
        let header = { (key: String, fallback: String) in
            fields[key].flatMap { reader.nonEmptyString($0, key) } ?? fallback
        }
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
        let code = HMAC<SHA256>.authenticationCode(
            for: Array(canonical.utf8), using: SymmetricKey(data: Array(secret.utf8)))
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
