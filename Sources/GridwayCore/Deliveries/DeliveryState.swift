/// Where one submission's delivery to one target stands.
public enum DeliveryState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its first attempt.
    case pending
    /// Claimed by a dispatcher; an attempt is under way (or the dispatcher died and the lease will expire).
    case inFlight = "in-flight"
    /// The upstream accepted it.
    case delivered
    /// An attempt failed; another is scheduled.
    case retrying
    /// Attempts or age are exhausted, or the upstream refused it for good; waits for a replay.
    case dead
    /// A correction replaced the submission before this delivery succeeded; the correction is delivered instead.
    case cancelled

    /// Whether the dispatcher still has work to do for it.
    public var isOutstanding: Bool { self == .pending || self == .inFlight || self == .retrying }
}
