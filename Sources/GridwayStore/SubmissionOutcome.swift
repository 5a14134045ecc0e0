import GridwayCore

/// What happened to a submission handed to the store.
public enum SubmissionOutcome: Sendable, Hashable {
    /// Newly stored, with the deliveries created for it in the same transaction.
    case accepted(Submission, deliveries: [Delivery])
    /// The same idempotency key and the same payload were stored before: here is that submission.
    case replayed(Submission)
    /// The idempotency key was used before with a different payload.
    case idempotencyKeyReused(existing: Submission)
    /// `supersedes` names no submission of the same unit (one of another unit is reported as missing).
    case supersededNotFound(id: String)
    /// `supersedes` names a submission of the same unit but another contract or period.
    case supersededMismatch(id: String)
    /// `supersedes` names a submission that a later correction already replaced.
    case alreadySuperseded(id: String, by: String)
    /// `supersedes` names a submission whose personal data was erased: what it held can no longer
    /// be subtracted from the aggregates, so it cannot be corrected.
    case personalDataErased(id: String)
}
