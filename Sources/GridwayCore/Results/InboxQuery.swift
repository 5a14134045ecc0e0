import Foundation

/// Which results one unit's inbox lists.
public struct InboxQuery: Sendable, Hashable {
    /// The reading unit.
    public var unit: String
    /// Its ancestors: results addressed to them with subtree scope reach it too.
    public var ancestors: [String]
    /// Only this kind.
    public var kind: ResultKind?
    /// Only results the unit has not acknowledged.
    public var unreadOnly: Bool
    /// Only results older than this id (the previous page's cursor); newest first.
    public var before: String?
    /// Only results newer than this id, listed oldest first (to resume a stream).
    public var after: String?
    /// Results that expired by this instant are left out.
    public var now: Date
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        unit: String, ancestors: [String], kind: ResultKind? = nil, unreadOnly: Bool = false, before: String? = nil,
        after: String? = nil, now: Date = Date(), limit: Int = 50
    ) {
        self.unit = unit
        self.ancestors = ancestors
        self.kind = kind
        self.unreadOnly = unreadOnly
        self.before = before
        self.after = after
        self.now = now
        self.limit = limit
    }
}
