/// Where a submission stands.
public enum SubmissionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stored and current.
    case accepted
    /// Replaced by a later correction; kept, never deleted.
    case superseded
}
