import GridwayCore
import GridwayJSON

/// The subjects of stored reports (the elder a visit report is about), looked up through each
/// submission's stored subject key (``SubmissionRequest/subjectKey``) and its index, never by
/// reading the reports.
public protocol SubjectStore: Sendable {
    /// The subjects of accepted submissions matching `query`, one per stored key in key order, each
    /// with its newest accepted submission there; `nextCursor` is the last key of a full page.
    func subjects(matching query: SubjectQuery) async throws -> Page<SubjectSighting>

    /// Fills the stored subject key of up to `limit` submissions that have none yet (stored before
    /// keys were, or by a replica of the previous version) with `key(contract, data)`; returns how
    /// many it filled, 0 when none is left.
    func fillSubjectKeys(limit: Int, key: @Sendable (ContractRef, JSONValue) -> String) async throws -> Int
}

/// Filters for listing the subjects of accepted submissions.
public struct SubjectQuery: Sendable, Hashable {
    /// Only stored keys starting with this (``ReportSubject/storedKeyPrefix``).
    public var keyPrefix: String
    /// Only submissions for this unit or units below it.
    public var subtree: String
    /// Only submissions with a delivery to this target.
    public var deliveredTo: String?
    /// Only keys after this one (the cursor of the previous page).
    public var after: String?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(keyPrefix: String, subtree: String, deliveredTo: String? = nil, after: String? = nil, limit: Int = 50) {
        self.keyPrefix = keyPrefix
        self.subtree = subtree
        self.deliveredTo = deliveredTo
        self.after = after
        self.limit = limit
    }

    /// The first text after every key starting with ``keyPrefix``: the prefix ends in U+001F, so
    /// the prefix with U+0020 in its place sorts after all of them, byte by byte.
    public var keyPrefixEnd: String {
        String(keyPrefix.dropLast()) + " "
    }
}

/// One subject of stored reports and the newest accepted submission about it.
public struct SubjectSighting: Sendable {
    /// Its stored key.
    public var key: String
    /// The newest accepted submission about it in the query's scope.
    public var latest: Submission

    /// Creates a sighting.
    public init(key: String, latest: Submission) {
        self.key = key
        self.latest = latest
    }
}
