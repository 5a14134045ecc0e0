import Crypto
import Foundation
import GridwayCore
import GridwayJSON

/// Issues and checks ``PrefillToken``s: `v2.<token>.<HMAC-SHA256>`, both base64url, signed with a
/// key only the server holds and valid for ``lifetime`` from issue.
///
/// Replicas share the key through `GRIDWAY_PREFILL_TOKEN_SECRET`; without it each process makes a
/// random one, and its tokens count nowhere else, nor after a restart. The key is never logged.
public struct PrefillTokenSigner: Sendable {
    /// The environment variable holding the shared secret (at least 32 bytes of text).
    public static let secretVariable = "GRIDWAY_PREFILL_TOKEN_SECRET"

    /// The HMAC keyed with the secret, copied for each token.
    private let keyed: KeyedHMAC
    /// How long a token counts after its prefill answer.
    public let lifetime: Duration
    private let now: @Sendable () -> Date

    /// A signer with `secret`, issuing tokens valid for `lifetime` by the time `now` tells (tests pass their own clock).
    public init(
        secret: [UInt8], lifetime: Duration = .seconds(12 * 3600), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.keyed = KeyedHMAC(key: SymmetricKey(data: secret))
        self.lifetime = lifetime
        self.now = now
    }

    /// A signer with a fresh random key, for one process alone.
    public static func random() -> PrefillTokenSigner {
        PrefillTokenSigner(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The signer of ``secretVariable`` when set, a random one otherwise; throws when the secret is too short.
    public static func from(environment: [String: String]) throws -> PrefillTokenSigner {
        guard let secret = environment[secretVariable] else { return random() }
        guard secret.utf8.count >= 32 else {
            throw ConfigurationError(setting: secretVariable, reason: "the secret must be at least 32 bytes long")
        }
        return PrefillTokenSigner(secret: Array(secret.utf8))
    }

    /// A token offering `values` to `credential` for a report of `contract` about `unit` (and `subject`).
    func issue(
        contract: String, unit: String, subject: String?, to credential: Credential,
        offering values: [(field: String, value: JSONValue)]
    ) -> String {
        let expiry = now().addingTimeInterval(TimeInterval(lifetime.components.seconds))
        let token = PrefillToken(
            contract: contract, unit: unit, subject: subject, issuedTo: credential.id,
            expiresAt: EpochMilliseconds.of(expiry), offering: values)
        let payload = token.encoded
        return "v2." + Base64URL.encode(payload) + "." + Base64URL.encode(Array(keyed.code(for: payload)))
    }

    /// The token `text` holds when this server signed it and it has not expired; `nil` otherwise.
    func verify(_ text: String) -> PrefillToken? {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual("v2".utf8), let payload = Base64URL.decode(Substring(parts[1])),
            let mac = Base64URL.decode(Substring(parts[2])),
            keyed.code(for: payload) == mac,
            let token = PrefillToken(decoding: payload),
            token.expiresAt > EpochMilliseconds.of(now())
        else { return nil }
        return token
    }

    /// The fields of `request` kept as offered by the token `text` sent back with it by `credential`:
    /// none unless the token is genuine, unexpired, and was issued to that credential for the same
    /// contract, unit and subject (the stored subject key ``SubmissionRequest/subjectKey``).
    func keptFields(token text: String?, in request: SubmissionRequest, by credential: Credential) -> Set<String> {
        guard let text, let token = verify(text), token.issuedTo == credential.id,
            token.contract == request.contract.description, token.unit == request.unit,
            token.subject == nil || token.subject == request.subjectKey
        else { return [] }
        return token.keptFields(in: request.data)
    }
}

/// An HMAC-SHA256 already keyed (its inner and outer pads hashed once), so that each token costs
/// only its own bytes. `@unchecked Sendable`: the prototype is never mutated; every use copies it,
/// and the copy's digest state is copied on its first write.
private struct KeyedHMAC: @unchecked Sendable {
    private let prototype: HMAC<SHA256>

    init(key: SymmetricKey) {
        prototype = HMAC(key: key)
    }

    /// The authentication code of `bytes`; compared with `==` to bytes, in constant time.
    func code(for bytes: [UInt8]) -> HashedAuthenticationCode<SHA256> {
        var hmac = prototype
        hmac.update(data: bytes)
        return hmac.finalize()
    }
}
