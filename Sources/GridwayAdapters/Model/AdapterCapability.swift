/// What an adapter can do for Gridway.
public enum AdapterCapability: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Send a normalized submission upstream in the system's own format.
    case deliver
    /// Read normalized records out of a legacy app (unified query and prefill).
    case fetch
    /// Turn a legacy app's webhook or polled records into submissions.
    case ingest
    /// Deliver a result pushed down into a legacy app.
    case notify

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
