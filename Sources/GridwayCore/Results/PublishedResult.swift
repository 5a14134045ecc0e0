import Foundation

/// A result as stored: the validated request, who sent it and when.
public struct PublishedResult: Sendable, Hashable, Identifiable {
    /// Time-ordered id (UUIDv7); later results have greater ids.
    public var id: String
    /// What was sent.
    public var request: ResultRequest
    /// `sha256:` digest of the request's canonical payload, for idempotent replays.
    public var digest: String
    /// The sending credential's id.
    public var sentBy: String
    /// The idempotency key it was sent with.
    public var idempotencyKey: String
    /// When it was stored.
    public var sentAt: Date
    /// How many units the audience reached when it was stored.
    public var addressedCount: Int

    /// Creates a stored result.
    public init(
        id: String, request: ResultRequest, digest: String, sentBy: String, idempotencyKey: String, sentAt: Date,
        addressedCount: Int
    ) {
        self.id = id
        self.request = request
        self.digest = digest
        self.sentBy = sentBy
        self.idempotencyKey = idempotencyKey
        self.sentAt = sentAt
        self.addressedCount = addressedCount
    }
}
