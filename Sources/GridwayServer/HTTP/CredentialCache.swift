import Foundation
import GridwayCore
import GridwayStore
import Synchronization

/// Remembers recently presented keys for a short time, so authenticating a request rarely reads the store.
///
/// Only keys that were found active are remembered, for at most `lifetime`: a key revoked from the
/// command line stops working within that time. Unknown keys are never cached, so guessing keys
/// cannot fill memory.
final class CredentialCache: Sendable {
    private struct Entry {
        var credential: Credential
        var expires: ContinuousClock.Instant
    }

    private let store: any Store
    private let clock: any GridwayClock
    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    /// How long a key is remembered unless told otherwise: a revoked key works at most this long more
    /// (and an open inbox stream checks its credential this often).
    static let standardLifetime: Duration = .seconds(2)

    init(store: any Store, clock: any GridwayClock, lifetime: Duration = standardLifetime, capacity: Int = 10_000) {
        self.store = store
        self.clock = clock
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The active credential for a presented key, from memory or from the store.
    func credential(forKey secret: String) async throws -> Credential? {
        let hash = APIKey.hash(of: secret)
        let now = clock.now
        if let entry = entries.withLock({ $0[hash] }), entry.expires > now { return entry.credential }
        guard let credential = try await store.activeCredential(keyHash: hash) else {
            entries.withLock { _ = $0.removeValue(forKey: hash) }
            return nil
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(credential: credential, expires: now + lifetime)
        }
        return credential
    }
}
