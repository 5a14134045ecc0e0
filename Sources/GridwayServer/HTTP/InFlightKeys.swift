import GridwayCore
import Synchronization

/// Idempotency keys whose requests are being processed right now, so a concurrent duplicate gets 409.
final class InFlightKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Marks `credential`'s idempotency `key` as in flight and returns the claim to ``release(_:)``
    /// when done; throws 409 when a request with the same key is still being processed.
    func claim(_ key: String, of credential: Credential) throws -> String {
        let claim = credential.id + "\u{0}" + key
        guard keys.withLock({ $0.insert(claim).inserted }) else { throw Problem.idempotencyKeyInFlight() }
        return claim
    }

    /// Marks a claim as finished.
    func release(_ claim: String) {
        _ = keys.withLock { $0.remove(claim) }
    }
}
