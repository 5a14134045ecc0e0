import GridwayCore

/// Filters for listing submissions, newest first.
public struct SubmissionQuery: Sendable, Hashable {
    /// Only submissions for this unit or units below it.
    public var subtree: String?
    /// Only this contract.
    public var contract: ContractRef?
    /// Only this period.
    public var period: String?
    /// Only this status.
    public var status: SubmissionStatus?
    /// Only submissions with a delivery to this target.
    public var deliveredTo: String?
    /// Only submissions about the subject with this stored key (``SubmissionRequest/subjectKey``).
    public var subjectKey: String?
    /// Only submissions older than the one with this id (the cursor of the previous page).
    public var before: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        subtree: String? = nil, contract: ContractRef? = nil, period: String? = nil, status: SubmissionStatus? = nil,
        deliveredTo: String? = nil, subjectKey: String? = nil, before: String? = nil, limit: Int = 50
    ) {
        self.subtree = subtree
        self.contract = contract
        self.period = period
        self.status = status
        self.deliveredTo = deliveredTo
        self.subjectKey = subjectKey
        self.before = before
        self.limit = limit
    }
}

/// One page of a newest-first listing.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    public var items: [Item]
    /// Pass as the next query's `before` to read on; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
