/// One stored value, as another store imports it.
public enum StoredValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A store whose rows another store can copy, table by table (the SQLite store, into PostgreSQL).
public protocol ExportableStore: Sendable {
    /// The tables another store copies, parents before the tables that refer to them (the audit chain last).
    static var exportedTables: [String] { get }

    /// Every row of `table` (one of ``exportedTables`` or `audit_head`) in one read transaction, as
    /// column names and each row's values in that order.
    func exportRows(of table: String) async throws -> (columns: [String], rows: [[StoredValue]])
}
