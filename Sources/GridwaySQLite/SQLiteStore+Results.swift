import Foundation
import GRDB
import GridwayCore
import GridwayStore
import OrderedCollections

extension SQLiteStore {
    public func publish(
        _ request: ResultRequest, addressedCount: Int, notifying routes: [NotifyRoute], idempotencyKey: String,
        sentBy sender: String
    ) async throws -> ResultOutcome {
        let digest = request.digest
        return try await pool.write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM result WHERE sentBy = ? AND idempotencyKey = ?",
                arguments: [sender, idempotencyKey])
            {
                let result = try Self.result(from: existing)
                return result.digest == digest ? .replayed(result) : .idempotencyKeyReused(existing: result)
            }
            let now = EpochMilliseconds.now(on: clock)
            let result = PublishedResult(
                id: try Self.nextResultID(at: now, in: db), request: request, digest: digest, sentBy: sender,
                idempotencyKey: idempotencyKey, sentAt: now, addressedCount: addressedCount)
            try Self.insert(result, in: db)
            for delivery in result.notifyDeliveries(routes) { try Self.insert(delivery, in: db) }
            var audit = try AuditLog(db)
            try audit.append(.resultPublished(result, notifications: routes.count), by: sender, at: now)
            return .published(result)
        }
    }

    public func result(id: String) async throws -> PublishedResult? {
        try await pool.read { db in try Self.result(id: id, in: db) }
    }

    /// The result with this id, read in `db`.
    static func result(id: String, in db: Database) throws -> PublishedResult? {
        try Row.fetchOne(db, sql: "SELECT * FROM result WHERE id = ?", arguments: [id]).map(result(from:))
    }

    public func tasksAwaitingReminder(now: Date, dueBy: Date) async throws -> [PublishedResult] {
        try await pool.read { db in
            let now = EpochMilliseconds.of(now)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM result t
                    WHERE t.kind = 'task' AND t.taskDueAt > ? AND t.taskDueAt <= ?
                      AND (t.expiresAt IS NULL OR t.expiresAt > ?)
                      AND NOT EXISTS (SELECT 1 FROM result r WHERE r.sentBy = t.sentBy AND r.idempotencyKey = ? || t.id)
                    ORDER BY t.taskDueAt
                    """,
                arguments: [now, EpochMilliseconds.of(dueBy), now, ResultTask.reminderKey(forTask: "")]
            ).map(Self.result(from:))
        }
    }

    public func inbox(_ query: InboxQuery) async throws -> Page<InboxItem> {
        let statement = InboxSQL(query) { _ in "?" }
        let arguments = StatementArguments(
            statement.arguments.map { argument -> DatabaseValue in
                switch argument {
                case .text(let text): text.databaseValue
                case .integer(let integer): integer.databaseValue
                }
            })
        return try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: statement.sql, arguments: arguments)
            let items = try rows.prefix(statement.rowLimit - 1).map { row in
                InboxItem(
                    result: try Self.result(from: row),
                    acknowledgedAt: (row["ackat"] as Int64?).map(EpochMilliseconds.date),
                    taskSubmittedAt: (row["tasksubmittedat"] as Int64?).map(EpochMilliseconds.date))
            }
            return Page(items: items, nextCursor: rows.count == statement.rowLimit ? items.last?.result.id : nil)
        }
    }

    public func acknowledge(result id: String, unit: String, by actor: String) async throws -> Date {
        try await pool.write { db in
            if let earlier = try Int64.fetchOne(
                db, sql: "SELECT acknowledgedAt FROM result_ack WHERE resultID = ? AND unit = ?", arguments: [id, unit])
            {
                return EpochMilliseconds.date(earlier)
            }
            let now = EpochMilliseconds.now(on: clock)
            try db.execute(
                sql: "INSERT INTO result_ack (resultID, unit, acknowledgedAt, acknowledgedBy) VALUES (?, ?, ?, ?)",
                arguments: [id, unit, EpochMilliseconds.of(now), actor])
            var audit = try AuditLog(db)
            try audit.append(.resultAcknowledged(resultID: id, unit: unit), by: actor, at: now)
            return now
        }
    }

    public func acknowledgements(ofResult id: String) async throws -> [String: Date] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT unit, acknowledgedAt FROM result_ack WHERE resultID = ?", arguments: [id])
            return Dictionary(
                uniqueKeysWithValues: rows.map { ($0["unit"], EpochMilliseconds.date($0["acknowledgedAt"])) })
        }
    }

    public func firstSubmissions(contract: ContractRef, period: String, within subtree: String) async throws
        -> [String: Date]
    {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT unit, min(receivedAt) AS first FROM submission
                    WHERE contract = ? AND period = ? AND unit GLOB ? GROUP BY unit
                    """,
                arguments: [contract.description, period, UnitSubtree(root: subtree).globPattern])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["unit"], EpochMilliseconds.date($0["first"])) })
        }
    }

    /// A fresh id greater than every stored one (see ``PublishedResult/id(after:at:)``).
    private static func nextResultID(at now: Date, in db: Database) throws -> String {
        PublishedResult.id(after: try String.fetchOne(db, sql: "SELECT max(id) FROM result") ?? "", at: now)
    }

    private static func insert(_ result: PublishedResult, in db: Database) throws {
        let row = ResultRow(result)
        try db.execute(
            sql: """
                INSERT INTO result (id, kind, title, body, data, answers, audienceScope, audienceUnits, expiresAt,
                                    digest, sentBy, idempotencyKey, sentAt, addressedCount, taskContract, taskPeriod,
                                    taskDueAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                row.id, row.kind, row.title, row.body, row.data, row.answers, row.audienceScope, row.audienceUnits,
                row.expiresAt, row.digest, row.sentBy, row.idempotencyKey, row.sentAt, row.addressedCount,
                row.taskContract, row.taskPeriod, row.taskDueAt,
            ])
        for root in result.request.audience.roots {
            try db.execute(
                sql: "INSERT INTO result_address (resultID, unit, scope) VALUES (?, ?, ?)",
                arguments: [result.id, root.unit, root.scope.rawValue])
        }
    }

    private static func result(from row: Row) throws -> PublishedResult {
        try ResultRow(
            id: row["id"], kind: row["kind"], title: row["title"], body: row["body"], data: row["data"],
            answers: row["answers"], audienceScope: row["audienceScope"], audienceUnits: row["audienceUnits"],
            expiresAt: row["expiresAt"], digest: row["digest"], sentBy: row["sentBy"],
            idempotencyKey: row["idempotencyKey"], sentAt: row["sentAt"], addressedCount: row["addressedCount"],
            taskContract: row["taskContract"], taskPeriod: row["taskPeriod"], taskDueAt: row["taskDueAt"]
        ).result()
    }
}
