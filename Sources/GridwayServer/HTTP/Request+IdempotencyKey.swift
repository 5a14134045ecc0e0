import HTTPTypes
import Hummingbird

extension Request {
    /// The `Idempotency-Key` header: 1 to 255 printable ASCII characters, or 400 `idempotency-key-missing`.
    func idempotencyKey() throws(Problem) -> String {
        guard let key = headers[.idempotencyKey], (1...255).contains(key.utf8.count),
            key.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { throw .missingIdempotencyKey() }
        return key
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = Self("Idempotency-Key")!
    /// `Idempotent-Replayed: true` marks a reply that repeats an earlier one.
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    /// `Prefill-Token`: the token of the `GET /v1/prefill` answer a submission was filled from.
    static let prefillToken = Self("Prefill-Token")!
}
