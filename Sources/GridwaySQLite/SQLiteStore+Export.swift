import GRDB
import GridwayCore
import GridwayStore

extension SQLiteStore: ExportableStore {
    public static let exportedTables = [
        "credential", "submission", "result", "delivery", "target_state", "result_address", "result_ack", "aggregate",
        "burden", "portal_user", "portal_session", "audit",
    ]

    public func exportRows(of table: String) async throws -> (columns: [String], rows: [[StoredValue]]) {
        guard Self.exportedTables.contains(table) || table == "audit_head" else {
            throw StoreError.corruptRow(table: table, id: "*", reason: "not a table the store exports")
        }
        return try await pool.read { db in
            if table == "aggregate" { return try Self.exportAggregateRows(in: db) }
            let columns = try db.columns(in: table).map(\.name)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                columns.map { column -> StoredValue in
                    switch row[column] as DatabaseValue? {
                    case nil: .null
                    case let value?:
                        switch value.storage {
                        case .null, .blob: .null
                        case .int64(let integer): .integer(integer)
                        case .double(let real): .real(real)
                        case .string(let text): .text(text)
                        }
                    }
                }
            }
            return (columns, rows)
        }
    }

    /// The `aggregate` table as other stores keep it: one row per measure, sums and extremes as exact decimal text.
    private static func exportAggregateRows(in db: Database) throws -> (columns: [String], rows: [[StoredValue]]) {
        let columns = [
            "contract", "period", "unit", "dimension", "dimensionValue", "measure", "submissions", "valueCount", "sum",
            "minValue", "maxValue",
        ]
        let rows = try allRows(in: db).map { row -> [StoredValue] in
            let key = row.key
            let figures = row.figures
            return [
                .text(key.contract), .text(key.period), .text(key.unit), .text(key.cell.dimension),
                .text(key.cell.dimensionValue), .text(key.cell.measure), .integer(Int64(figures.submissions)),
                .integer(Int64(figures.values)), .text(figures.sum.description),
                figures.min.map { .text($0.description) } ?? .null, figures.max.map { .text($0.description) } ?? .null,
            ]
        }
        return (columns, rows)
    }
}
