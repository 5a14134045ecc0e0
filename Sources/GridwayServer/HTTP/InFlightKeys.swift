import Synchronization

/// Idempotency keys whose requests are being processed right now, so a concurrent duplicate gets 409.
final class InFlightKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Marks `key` as in flight; `false` when it already is.
    func claim(_ key: String) -> Bool {
        keys.withLock { $0.insert(key).inserted }
    }

    /// Marks `key` as finished.
    func release(_ key: String) {
        _ = keys.withLock { $0.remove(key) }
    }
}
