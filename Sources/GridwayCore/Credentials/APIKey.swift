import Foundation

/// A freshly generated API key secret and the hash that is stored in its place.
public struct APIKey: Sendable {
    /// The secret shown once to its holder: `gw_` followed by 43 base64url characters (256 bits).
    public let secret: String

    /// Generates a key from 32 bytes of system randomness.
    public static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return APIKey(secret: "gw_" + Base64URL.encode(bytes))
    }

    /// The hash stored for lookup: SHA-256 of the secret, hex encoded.
    public var hash: String { Self.hash(of: secret) }

    /// The SHA-256 hash of a presented secret, hex encoded, for comparison with stored hashes.
    public static func hash(of secret: String) -> String {
        SHA256Hex.of(secret.utf8)
    }
}
