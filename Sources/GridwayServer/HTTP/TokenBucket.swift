/// A token bucket: `rate` tokens a second up to `capacity`, one taken per request.
struct TokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    /// A full bucket at `now`.
    init(rate: Double, capacity: Int, now: ContinuousClock.Instant) {
        self.rate = rate
        self.capacity = Double(capacity)
        tokens = Double(capacity)
        updated = now
    }

    /// Takes a token at `now`; when none is left, how long until one is.
    mutating func take(at now: ContinuousClock.Instant) -> Duration? {
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(capacity, tokens + seconds * rate)
        updated = now
        guard tokens >= 1 else { return .seconds((1 - tokens) / rate) }
        tokens -= 1
        return nil
    }
}
