/// What became of a result sent with an idempotency key.
public enum ResultOutcome: Sendable, Hashable {
    /// Stored now.
    case published(PublishedResult)
    /// The same sender already sent the same result with this key; here it is again.
    case replayed(PublishedResult)
    /// The same sender used this key for a different result.
    case idempotencyKeyReused(existing: PublishedResult)
}
