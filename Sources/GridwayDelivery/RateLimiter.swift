import GridwayCore

/// A token bucket: at most `rate` requests per second on average, bursts up to `burst`.
public struct RateLimiter: Sendable, Hashable {
    /// Requests per second.
    public let rate: Double
    /// The largest burst.
    public let burst: Double
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant?

    /// Creates a full bucket.
    public init(rate: Double, burst: Double? = nil) {
        self.rate = rate
        self.burst = max(1, burst ?? rate)
        tokens = self.burst
    }

    /// Takes a token if one is there at `now`; otherwise returns how long until one will be.
    public mutating func acquire(at now: ContinuousClock.Instant) -> Duration? {
        if let refilledAt {
            tokens = min(burst, tokens + (now - refilledAt).timeInterval * rate)
        }
        refilledAt = now
        guard tokens < 1 else {
            tokens -= 1
            return nil
        }
        return .seconds((1 - tokens) / rate)
    }
}
