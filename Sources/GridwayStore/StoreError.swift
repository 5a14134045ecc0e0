/// Failures of the store itself (not of the caller's input).
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A row could not be read back into its model type: the database was edited by hand or is damaged.
    case corruptRow(table: String, id: String, reason: String)

    public var description: String {
        switch self {
        case .corruptRow(let table, let id, let reason): "corrupt row \(id) in \(table): \(reason)"
        }
    }
}
