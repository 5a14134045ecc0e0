import Foundation
import GridwayCore

/// When to try a failed delivery again, and when to give up.
///
/// Delays grow exponentially with full jitter (a uniformly random delay between zero and the
/// exponential bound), capped; an upstream's `Retry-After` is honoured as a minimum.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts after which a delivery is dead.
    public var maximumAttempts: Int
    /// Age after which a delivery is dead, however few attempts it had.
    public var maximumAge: Duration
    /// The bound of the first retry's delay.
    public var baseDelay: Duration
    /// The largest delay between two attempts.
    public var maximumDelay: Duration

    /// Creates a policy; the defaults suit a department system that may be down for an afternoon.
    public init(
        maximumAttempts: Int = 12, maximumAge: Duration = .seconds(24 * 3600), baseDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(600)
    ) {
        self.maximumAttempts = maximumAttempts
        self.maximumAge = maximumAge
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// The delay before attempt `attempt + 1`, after `attempt` attempts failed (1 after the first).
    public func delay(
        afterAttempt attempt: Int, retryAfter: Duration? = nil, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let bound = min(baseDelay * (1 << exponent), maximumDelay)
        let jittered = Duration.seconds(Double.random(in: 0...bound.timeInterval, using: &generator))
        guard let retryAfter else { return jittered }
        return max(retryAfter, jittered)
    }

    /// Whether a delivery that has had `attempts` attempts and was created `age` ago may be tried again.
    public func allowsAnotherAttempt(after attempts: Int, age: Duration) -> Bool {
        attempts < maximumAttempts && age < maximumAge
    }
}
