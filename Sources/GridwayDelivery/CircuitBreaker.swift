/// Stops calling an upstream that keeps failing, then probes it carefully.
///
/// Closed: requests flow, consecutive failures are counted. After `failureThreshold` in a row the
/// breaker opens: no requests for `openDuration`. Then it is half-open: one probe at a time; a
/// success closes it, a failure opens it again.
public struct CircuitBreaker: Sendable, Hashable {
    /// Where the breaker stands.
    public enum State: String, Sendable, Hashable {
        case closed
        case open
        case halfOpen = "half-open"
    }

    /// Consecutive failures that open the breaker.
    public let failureThreshold: Int
    /// How long the breaker stays open before probing.
    public let openDuration: Duration
    private var consecutiveFailures = 0
    private var openedAt: ContinuousClock.Instant?
    private var probeInFlight = false

    /// Creates a closed breaker.
    public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30)) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }

    /// The state at `now`.
    public func state(at now: ContinuousClock.Instant) -> State {
        guard let openedAt else { return .closed }
        return now < openedAt + openDuration ? .open : .halfOpen
    }

    /// Whether a request may go now; in half-open state this admits the single probe.
    public mutating func admit(at now: ContinuousClock.Instant) -> Bool {
        switch state(at: now) {
        case .closed: return true
        case .open: return false
        case .halfOpen:
            guard !probeInFlight else { return false }
            probeInFlight = true
            return true
        }
    }

    /// When requests may flow again, if the breaker is open.
    public func reopensAt(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        state(at: now) == .open ? openedAt.map { $0 + openDuration } : nil
    }

    /// Gives back an admitted probe that was never sent (nothing was due), so the next may go.
    public mutating func withdrawProbe() {
        probeInFlight = false
    }

    /// Records a success: the breaker closes.
    public mutating func recordSuccess() {
        consecutiveFailures = 0
        openedAt = nil
        probeInFlight = false
    }

    /// Records a failure at `now`: a failed probe, or one failure too many, opens the breaker.
    public mutating func recordFailure(at now: ContinuousClock.Instant) {
        consecutiveFailures += 1
        if probeInFlight || consecutiveFailures >= failureThreshold {
            openedAt = now
        }
        probeInFlight = false
    }
}
