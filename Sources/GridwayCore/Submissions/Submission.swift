import Foundation

/// One stored report: immutable once accepted; a correction is a new submission that supersedes it.
public struct Submission: Sendable, Hashable, Identifiable {
    /// Time-ordered id (UUIDv7).
    public var id: String
    /// What was submitted.
    public var request: SubmissionRequest
    /// `sha256:` digest of the canonical payload.
    public var digest: String
    /// The credential that sent it.
    public var submittedBy: String
    /// The caller's idempotency key.
    public var idempotencyKey: String
    /// When Gridway durably accepted it.
    public var receivedAt: Date
    /// Accepted or superseded.
    public var status: SubmissionStatus
    /// The correction that replaced this submission, if any.
    public var supersededBy: String?
    /// When its personal fields were erased (its retention ended, or its subject asked); `nil` while it holds them.
    public var erasedAt: Date?

    /// Creates a submission.
    public init(
        id: String, request: SubmissionRequest, digest: String, submittedBy: String, idempotencyKey: String,
        receivedAt: Date, status: SubmissionStatus = .accepted, supersededBy: String? = nil, erasedAt: Date? = nil
    ) {
        self.id = id
        self.request = request
        self.digest = digest
        self.submittedBy = submittedBy
        self.idempotencyKey = idempotencyKey
        self.receivedAt = receivedAt
        self.status = status
        self.supersededBy = supersededBy
        self.erasedAt = erasedAt
    }
}
