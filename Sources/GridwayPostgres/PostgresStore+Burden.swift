import GridwayCore
import GridwayStore
import PostgresNIO

/// The `burden` table, kept as in the SQLite store: a submission's transaction records its figures
/// as pending, and sealing adds them to their rows (see ``PostgresAuditLog``); reads seal first.
extension PostgresStore {
    public func burden(contract: String, period: String, units: [String]) async throws -> [String: BurdenFigures] {
        try await sealPending()
        return try await read { connection in
            var figures: [String: BurdenFigures] = [:]
            for unit in units {
                guard
                    let row = try await connection.row(
                        """
                        SELECT submissions, fieldsTyped, fieldsKept, valuesDelivered, formsReplaced FROM burden
                        WHERE contract = \(contract) AND period = \(period) AND unit = \(unit)
                        """, logger: logger)
                else { continue }
                figures[unit] = BurdenFigures(
                    columns: try ["submissions", "fieldstyped", "fieldskept", "valuesdelivered", "formsreplaced"].map {
                        try row.value($0, as: Int64.self)
                    })
            }
            return figures
        }
    }
}
