import Foundation
import GridwayCore

/// The SQL of one inbox page, shared by the SQLite and PostgreSQL stores, each argument written as the
/// store's placeholder for it.
///
/// A unit's results are addressed to it or, with subtree scope, to one of its ancestors. Each of those
/// addresses is read as its own range of the `result_address (unit, resultID)` key, in id order and cut
/// at the page size, so a read costs the page, not every result the unit has ever received.
package struct InboxSQL: Sendable {
    /// One bound value.
    package enum Argument: Sendable, Equatable {
        case text(String)
        case integer(Int64)
    }

    /// The statement; its rows are `result` columns plus `ackat` and `tasksubmittedat`.
    package private(set) var sql = ""
    /// The values of the statement's placeholders, in order.
    package private(set) var arguments: [Argument] = []
    /// How many rows the statement returns at most: one more than the page, to tell whether another follows.
    package let rowLimit: Int

    /// Writes the placeholder of the argument at a 1-based position (`?` for SQLite, `$1`… for PostgreSQL).
    private let placeholder: @Sendable (Int) -> String

    /// The statement listing `query`'s page, with `placeholder` writing each argument's place.
    package init(_ query: InboxQuery, placeholder: @escaping @Sendable (Int) -> String) {
        self.placeholder = placeholder
        rowLimit = max(1, query.limit) + 1
        let order = query.after == nil ? "DESC" : "ASC"
        let addresses = [(query.unit, "")] + query.ancestors.map { ($0, " AND a.scope = 'subtree'") }
        let ranges = addresses.enumerated().map { index, address in
            let (unit, scope) = address
            return "SELECT id FROM (\(range(of: unit, scope: scope, query, order: order))) AS address\(index)"
        }
        sql = """
            WITH page (id) AS (\(ranges.joined(separator: " UNION ")) ORDER BY 1 \(order) LIMIT \(rowLimit))
            SELECT r.*, k.acknowledgedAt AS ackat,
                   (SELECT min(s.receivedAt) FROM submission s
                    WHERE r.taskContract IS NOT NULL AND s.contract = r.taskContract AND s.period = r.taskPeriod
                      AND s.unit = \(bind(.text(query.unit)))) AS tasksubmittedat
            FROM page JOIN result r ON r.id = page.id
            LEFT JOIN result_ack k ON k.resultID = r.id AND k.unit = \(bind(.text(query.unit)))
            ORDER BY r.id \(order)
            """
    }

    /// Adds `argument`, returning its placeholder.
    private mutating func bind(_ argument: Argument) -> String {
        arguments.append(argument)
        return placeholder(arguments.count)
    }

    /// The newest (or, resuming, oldest) ids of the page addressed to `unit`, filtered as `query` asks.
    private mutating func range(of unit: String, scope: String, _ query: InboxQuery, order: String) -> String {
        var sql = """
            SELECT a.resultID AS id FROM result_address a JOIN result r ON r.id = a.resultID
            LEFT JOIN result_ack k ON k.resultID = a.resultID AND k.unit = \(bind(.text(query.unit)))
            WHERE a.unit = \(bind(.text(unit)))\(scope)
              AND (r.expiresAt IS NULL OR r.expiresAt > \(bind(.integer(EpochMilliseconds.of(query.now)))))
            """
        if let kind = query.kind { sql += " AND r.kind = \(bind(.text(kind.rawValue)))" }
        if query.unreadOnly { sql += " AND k.acknowledgedAt IS NULL" }
        if let before = query.before { sql += " AND a.resultID < \(bind(.text(before)))" }
        if let after = query.after { sql += " AND a.resultID > \(bind(.text(after)))" }
        return sql + " ORDER BY a.resultID \(order) LIMIT \(rowLimit)"
    }
}
