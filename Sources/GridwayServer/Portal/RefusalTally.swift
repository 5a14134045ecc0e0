/// Counts refused sign-ins per client address so that a flood of them writes few audit entries.
///
/// The first refusal from an address is recorded at once; later ones within `interval` of the last
/// recorded entry are only counted, and the next entry recorded after the interval carries the count.
struct RefusalTally: Sendable {
    private struct Entry {
        var recordedAt: ContinuousClock.Instant
        var unrecorded: Int
    }

    /// The shortest time between two audit entries about one address.
    let interval: Duration
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(interval: Duration, capacity: Int = 100_000) {
        self.interval = interval
        self.capacity = capacity
    }

    /// Counts one refusal from `address` at `now`; returns how many refusals the audit entry to record
    /// now stands for (this one and those only counted before it), or `nil` when it is only counted.
    mutating func count(_ address: String, at now: ContinuousClock.Instant) -> Int? {
        if var entry = entries[address], now - entry.recordedAt < interval {
            entry.unrecorded += 1
            entries[address] = entry
            return nil
        }
        if entries[address] == nil { entries.makeRoom(capacity: capacity) { now - $0.recordedAt >= interval } }
        let refusals = (entries[address]?.unrecorded ?? 0) + 1
        entries[address] = Entry(recordedAt: now, unrecorded: 0)
        return refusals
    }
}
