/// How Gridway treats one upstream target: how hard it may be pushed and how failures are retried.
public struct TargetSettings: Sendable, Hashable {
    /// Attempts in flight at once.
    public var concurrency: Int
    /// Requests per second, or `nil` for no limit.
    public var ratePerSecond: Double?
    /// How long one attempt may take.
    public var timeout: Duration
    /// Retry schedule and limits.
    public var retry: RetryPolicy
    /// Consecutive failures that open the circuit breaker.
    public var breakerThreshold: Int
    /// How long an open breaker waits before probing.
    public var breakerOpenDuration: Duration
    /// Standard Webhooks secrets (`whsec_…`) that sign every request; several during a rotation.
    public var signingSecrets: [String]

    /// Creates settings; the defaults suit a typical department system.
    public init(
        concurrency: Int = 4, ratePerSecond: Double? = nil, timeout: Duration = .seconds(10),
        retry: RetryPolicy = RetryPolicy(), breakerThreshold: Int = 5, breakerOpenDuration: Duration = .seconds(30),
        signingSecrets: [String] = []
    ) {
        self.concurrency = concurrency
        self.ratePerSecond = ratePerSecond
        self.timeout = timeout
        self.retry = retry
        self.breakerThreshold = breakerThreshold
        self.breakerOpenDuration = breakerOpenDuration
        self.signingSecrets = signingSecrets
    }
}
