/// Failures of the store itself (not of the caller's input).
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A row could not be read back into its model type: the database was edited by hand or is damaged.
    case corruptRow(table: String, id: String, reason: String)
    /// The database cannot serve now for a reason outside the request that may pass (the disk is full,
    /// an I/O error, a lock held beyond the timeout, the database server unreachable); nothing was
    /// written. Each engine maps its own failures to this; `cause` says which, for the log.
    case unavailable(retryAfter: Duration, cause: String)

    /// How long a client is told to wait after an outage before it tries again.
    public static let outageRetryAfter: Duration = .seconds(5)

    public var description: String {
        switch self {
        case .corruptRow(let table, let id, let reason): "corrupt row \(id) in \(table): \(reason)"
        case .unavailable(let retryAfter, let cause): "storage unavailable (\(cause)); retry after \(retryAfter)"
        }
    }
}
