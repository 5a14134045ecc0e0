import Crypto
import GridwayCore

/// The signature the street safety system checks on every report: lowercase hex of
/// HMAC-SHA256(secret, appId + "\n" + nonce + "\n" + hex SHA-256 of the body bytes).
enum StreetSafetySignature {
    /// The signature of `body` sent under the challenge `nonce`.
    static func sign(body: [UInt8], nonce: String, appID: String, secret: String) -> String {
        let message = appID + "\n" + nonce + "\n" + SHA256Hex.of(body)
        let code = HMAC<SHA256>.authenticationCode(
            for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return Hex.encode(code)
    }
}
