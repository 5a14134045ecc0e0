import Crypto

/// Hex-encoded SHA-256 digests.
public enum SHA256Hex {
    /// The lowercase hex SHA-256 of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        Hex.encode(SHA256.hash(data: Array(bytes)))
    }
}
