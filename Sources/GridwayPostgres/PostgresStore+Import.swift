import Foundation
import GridwayCore
import GridwayStore
import PostgresNIO

/// What copying an SQLite store into PostgreSQL found.
public struct StoreImportReport: Sendable, Hashable {
    /// One table's rows in the SQLite store and, after the copy, in PostgreSQL.
    public struct TableCount: Sendable, Hashable {
        /// The table.
        public var table: String
        /// Its rows in the source.
        public var source: Int
        /// Its rows in the destination after the copy.
        public var destination: Int
    }

    /// Every copied table's counts, in copying order.
    public var counts: [TableCount]
    /// The copied audit chain, verified in PostgreSQL.
    public var audit: AuditVerification

    /// Whether every table holds as many rows as its source and the audit chain is intact.
    public var isComplete: Bool {
        guard case .intact = audit else { return false }
        return counts.allSatisfy { $0.source == $0.destination }
    }
}

/// Why an import was refused.
public struct StoreImportError: Error, Sendable, CustomStringConvertible {
    /// What stands in the way.
    public var reason: String

    public var description: String { reason }
}

extension PostgresStore {
    /// Copies everything in `source` into this database in one transaction, then counts and verifies.
    ///
    /// Safe to run again: rows are written by primary key (a later copy brings changed rows up to date),
    /// the rollups, burden figures and portal sessions are replaced, and the audit chain is only extended, never
    /// rewritten: a destination whose chain is not a prefix of the source's is refused untouched.
    public func importStore<Source: ExportableStore>(from source: Source) async throws -> StoreImportReport {
        var counts: [StoreImportReport.TableCount] = []
        try await audited { connection, _ in
            for table in Source.exportedTables {
                let (columns, rows) = try await source.exportRows(of: table)
                if table == "audit" {
                    try await Self.checkChainPrefix(of: columns, rows, on: connection, logger: logger)
                }
                if Self.replacedTables.contains(table) {
                    try await connection.run(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger)
                }
                try await Self.upsert(rows, columns: columns, into: table, on: connection, logger: logger)
                counts.append(StoreImportReport.TableCount(table: table, source: rows.count, destination: 0))
            }
            let (_, heads) = try await source.exportRows(of: "audit_head")
            let head: (Int64, String) =
                if let row = heads.first, case .integer(let sequence) = row[0], case .text(let hash) = row[1] {
                    (sequence, hash)
                } else {
                    (0, AuditEntry.genesisHash)
                }
            try await connection.run("UPDATE audit_head SET sequence = \(head.0), hash = \(head.1)", logger: logger)
        }
        for index in counts.indices {
            let query = PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \(counts[index].table)")
            counts[index].destination = try await read { connection in
                Int(try await connection.row(query, logger: logger)?.value("n", as: Int64.self) ?? 0)
            }
        }
        return StoreImportReport(counts: counts, audit: try await verifyAuditChain())
    }

    /// Tables whose rows the SQLite store deletes as well as writes: copied afresh every time.
    private static let replacedTables: Set<String> = ["aggregate", "burden", "portal_session", "target_state"]

    /// Each table's primary key, what a second copy of a row collides on.
    private static let primaryKeys = [
        "credential": "id", "submission": "id", "result": "id", "delivery": "id", "target_state": "target",
        "result_address": "unit, resultID", "result_ack": "resultID, unit",
        "aggregate": "contract, period, unit, dimension, dimensionValue, measure", "burden": "contract, period, unit",
        "portal_user": "id",
        "portal_session": "tokenHash", "audit": "sequence",
    ]

    /// Refuses to extend a destination chain that is not the start of the source's.
    private static func checkChainPrefix(
        of columns: [String], _ rows: [[StoredValue]], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard
            let head = try await connection.row("SELECT sequence, hash FROM audit_head", logger: logger),
            case let sequence = try head.value("sequence", as: Int64.self), sequence > 0
        else { return }
        let hash: String = try head.value("hash")
        guard let sequenceColumn = columns.firstIndex(of: "sequence"), let hashColumn = columns.firstIndex(of: "hash"),
            rows.contains(where: { $0[sequenceColumn] == .integer(sequence) && $0[hashColumn] == .text(hash) })
        else {
            throw StoreImportError(
                reason:
                    "the destination's audit chain (entry \(sequence)) is not part of the source's: it holds another store's data"
            )
        }
    }

    /// The columns holding exact decimals, exported as text.
    private static let exactDecimalColumns: Set<String> = ["sum", "minValue", "maxValue"]

    /// Writes `rows` by primary key, in statements of a few hundred rows.
    private static func upsert(
        _ rows: [[StoredValue]], columns: [String], into table: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !rows.isEmpty, let key = primaryKeys[table] else { return }
        let keyColumns = Set(key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let updates = columns.filter { !keyColumns.contains($0.lowercased()) }.map { "\($0) = excluded.\($0)" }
        let conflict =
            table == "audit" || updates.isEmpty
            ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", ")
        for batch in stride(from: 0, to: rows.count, by: 500).map({ rows[$0..<min($0 + 500, rows.count)] }) {
            var binds = PostgresBindings(capacity: batch.count * columns.count)
            var tuples: [String] = []
            for row in batch {
                var placeholders: [String] = []
                for (column, value) in zip(columns, row) {
                    switch value {
                    case .null: binds.appendNull()
                    case .integer(let integer) where column == "paused": binds.append(integer != 0)
                    case .integer(let integer): binds.append(integer)
                    case .real(let real): binds.append(real)
                    case .text(let text): binds.append(text)
                    }
                    placeholders.append("$\(binds.count)" + (exactDecimalColumns.contains(column) ? "::numeric" : ""))
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let sql = """
                INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))
                ON CONFLICT (\(key)) \(conflict)
                """
            try await connection.run(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        }
    }
}
