import Foundation
import GridwayStore
import Logging
import PostgresNIO

/// A newest-first (or oldest-first) listing built from optional filters, each bound as a parameter.
struct PostgresListing {
    private var sql: String
    private var binds = PostgresBindings()

    /// Starts from `select`, which must end in a `WHERE` clause the filters extend, with the values of
    /// the placeholders it holds already bound.
    init(_ select: String, binds: PostgresBindings = PostgresBindings()) {
        sql = select
        self.binds = binds
    }

    /// Adds ` AND <condition>` with `?` standing for `value`, unless `value` is `nil`.
    mutating func and<Value: PostgresDynamicTypeEncodable>(_ condition: String, _ value: Value?) {
        guard let value else { return }
        binds.append(value)
        sql += " AND " + condition.replacingOccurrences(of: "?", with: "$\(binds.count)")
    }

    /// Adds a condition that binds nothing.
    mutating func and(_ condition: String) {
        sql += " AND " + condition
    }

    /// Reads one page of at most `limit` rows in `order`, with the cursor of the next page taken from its last item.
    func page<Item: Sendable>(
        order: String, limit: Int, in store: PostgresStore, decode: (PostgresRandomAccessRow) throws -> Item,
        cursor: (Item) -> String
    ) async throws -> Page<Item> {
        let limit = max(1, limit)
        let query = PostgresQuery(unsafeSQL: sql + " ORDER BY \(order) LIMIT \(limit + 1)", binds: binds)
        let rows = try await store.read { connection in try await connection.rows(query, logger: store.logger) }
        let items = try rows.prefix(limit).map(decode)
        return Page(items: items, nextCursor: rows.count > limit ? items.last.map(cursor) : nil)
    }
}
