import Crypto
import Foundation
import _CryptoExtras

/// Hashes portal passwords with scrypt and checks them, in a self-describing form
/// `scrypt$<log2 N>$<r>$<p>$<salt>$<digest>` (base64), so the work factor can rise without breaking old hashes.
///
/// The default work factor is OWASP's scrypt setting N=2^15, r=8, p=3 (32 MiB, about 0.1–0.3 s per hash here).
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's CPU/memory cost N.
    public var logCost: Int
    /// scrypt's block size r.
    public var blockSize: Int
    /// scrypt's parallelism p.
    public var parallelism: Int

    /// OWASP's recommended scrypt parameters.
    public static let standard = PasswordHasher(logCost: 15, blockSize: 8, parallelism: 3)

    /// The shortest password accepted.
    public static let minimumLength = 10

    /// Creates a hasher with a work factor.
    public init(logCost: Int, blockSize: Int, parallelism: Int) {
        self.logCost = logCost
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// The stored form of `password` under a fresh 16-byte salt.
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let digest = try Self.derive(
            password, salt: salt, logCost: logCost, blockSize: blockSize, parallelism: parallelism)
        return [
            "scrypt", String(logCost), String(blockSize), String(parallelism), Data(salt).base64EncodedString(),
            Data(digest).base64EncodedString(),
        ]
        .joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time; `false` for a malformed or unknown form.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let logCost = Int(parts[1]), (10...20).contains(logCost),
            let blockSize = Int(parts[2]), (1...32).contains(blockSize), let parallelism = Int(parts[3]),
            (1...16).contains(parallelism), let salt = Data(base64Encoded: parts[4]).map(Array.init),
            let expected = Data(base64Encoded: parts[5]).map(Array.init),
            let digest = try? derive(
                password, salt: salt, logCost: logCost, blockSize: blockSize, parallelism: parallelism),
            digest.count == expected.count
        else { return false }
        return zip(digest, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A hash to check unknown usernames against, so a refused sign-in takes as long either way.
    static let decoy: String = (try? PasswordHasher.standard.hash(UUID().uuidString)) ?? ""

    private static func derive(_ password: String, salt: [UInt8], logCost: Int, blockSize: Int, parallelism: Int) throws
        -> [UInt8]
    {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logCost, blockSize: blockSize,
            parallelism: parallelism, maxMemory: 256 << 20)
        return key.withUnsafeBytes { Array($0) }
    }
}
