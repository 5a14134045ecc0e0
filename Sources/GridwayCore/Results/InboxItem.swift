import Foundation

/// A result as one addressed unit sees it: with that unit's acknowledgement, if any.
public struct InboxItem: Sendable, Hashable {
    /// The result.
    public var result: PublishedResult
    /// When the unit acknowledged it, or `nil` while unread.
    public var acknowledgedAt: Date?

    /// Creates an inbox item.
    public init(result: PublishedResult, acknowledgedAt: Date?) {
        self.result = result
        self.acknowledgedAt = acknowledgedAt
    }
}
