/// Failures counted per key: the `allowance`-th holds the key back for `firstWait`, each further one for
/// twice as long as the one before, up to `maxWait`.
///
/// A key quiet for `maxWait` after its last failure is forgotten. At most `capacity` keys are kept: when
/// full, the forgotten ones are dropped, and if none were, all are (so a flood of fresh keys costs the
/// flooder's own keys their history, never unbounded memory).
struct FailureBackoff<Key: Hashable & Sendable>: Sendable {
    private struct Entry {
        var failures: Int
        var last: ContinuousClock.Instant
        var heldUntil: ContinuousClock.Instant
    }

    /// The failures that hold a key back.
    let allowance: Int
    /// How long the first failure beyond the allowance holds the key back.
    let firstWait: Duration
    /// The longest hold, and how long a quiet key is remembered.
    let maxWait: Duration
    let capacity: Int
    private var entries: [Key: Entry] = [:]

    init(allowance: Int, firstWait: Duration, maxWait: Duration, capacity: Int = 100_000) {
        self.allowance = allowance
        self.firstWait = firstWait
        self.maxWait = maxWait
        self.capacity = capacity
    }

    /// How long `key` is still held back at `now`, or `nil` when it is not.
    func wait(for key: Key, at now: ContinuousClock.Instant) -> Duration? {
        guard let entry = entries[key], entry.heldUntil > now else { return nil }
        return entry.heldUntil - now
    }

    /// Counts a failure of `key` at `now`.
    mutating func fail(_ key: Key, at now: ContinuousClock.Instant) {
        if entries[key] == nil { entries.makeRoom(capacity: capacity) { now - $0.last >= maxWait } }
        var entry =
            entries[key].flatMap { now - $0.last < maxWait ? $0 : nil } ?? Entry(failures: 0, last: now, heldUntil: now)
        entry.failures += 1
        entry.last = now
        if entry.failures >= allowance {
            // Doubling from firstWait; the exponent is bounded before maxWait caps it, so nothing overflows.
            entry.heldUntil = now + min(firstWait * (1 << min(entry.failures - allowance, 32)), maxWait)
        }
        entries[key] = entry
    }

    /// Forgets `key`'s failures.
    mutating func clear(_ key: Key) {
        entries.removeValue(forKey: key)
    }
}
