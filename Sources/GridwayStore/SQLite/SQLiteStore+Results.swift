import Foundation
import GRDB
import GridwayCore
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
            let now = EpochMilliseconds.now()
            let result = PublishedResult(
                id: try Self.nextResultID(at: now, in: db), request: request, digest: digest, sentBy: sender,
                idempotencyKey: idempotencyKey, sentAt: now, addressedCount: addressedCount)
            try Self.insert(result, in: db)
            for route in routes {
                try Self.insert(
                    Delivery(
                        id: TimeOrderedID.make(at: now), subject: .result(result.id, unit: route.unit),
                        target: route.target, state: .pending, nextAttemptAt: now, createdAt: now),
                    in: db)
            }
            var audit = try AuditLog(db)
            try audit.append(
                actor: sender, action: "result.published", subject: result.id,
                detail: [
                    "kind": .string(request.kind.rawValue), "audience": request.audience.json,
                    "addressed": .integer(Int64(addressedCount)), "notifications": .integer(Int64(routes.count)),
                    "digest": .string(digest),
                ],
                at: now)
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
        try await pool.read { db in
            let placeholders = Array(repeating: "?", count: query.ancestors.count).joined(separator: ", ")
            var sql = """
                SELECT r.*, k.acknowledgedAt AS ackAt,
                       (SELECT min(s.receivedAt) FROM submission s
                        WHERE r.taskContract IS NOT NULL AND s.contract = r.taskContract AND s.period = r.taskPeriod
                          AND s.unit = ?) AS taskSubmittedAt
                FROM result r
                LEFT JOIN result_ack k ON k.resultID = r.id AND k.unit = ?
                WHERE r.id IN (SELECT resultID FROM result_address
                               WHERE unit = ? OR (scope = 'subtree' AND unit IN (\(placeholders))))
                  AND (r.expiresAt IS NULL OR r.expiresAt > ?)
                """
            var arguments: [any DatabaseValueConvertible] = [query.unit, query.unit, query.unit]
            arguments += query.ancestors
            arguments.append(EpochMilliseconds.of(query.now))
            if let kind = query.kind {
                sql += " AND r.kind = ?"
                arguments.append(kind.rawValue)
            }
            if query.unreadOnly { sql += " AND k.acknowledgedAt IS NULL" }
            if let before = query.before {
                sql += " AND r.id < ?"
                arguments.append(before)
            }
            if let after = query.after {
                sql += " AND r.id > ?"
                arguments.append(after)
            }
            let limit = max(1, query.limit)
            sql += " ORDER BY r.id \(query.after == nil ? "DESC" : "ASC") LIMIT \(limit + 1)"
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            let items = try rows.prefix(limit).map { row in
                InboxItem(
                    result: try Self.result(from: row),
                    acknowledgedAt: (row["ackAt"] as Int64?).map(EpochMilliseconds.date),
                    taskSubmittedAt: (row["taskSubmittedAt"] as Int64?).map(EpochMilliseconds.date))
            }
            return Page(items: items, nextCursor: rows.count > limit ? items.last?.result.id : nil)
        }
    }

    public func acknowledge(result id: String, unit: String, by actor: String) async throws -> Date {
        try await pool.write { db in
            if let earlier = try Int64.fetchOne(
                db, sql: "SELECT acknowledgedAt FROM result_ack WHERE resultID = ? AND unit = ?", arguments: [id, unit])
            {
                return EpochMilliseconds.date(earlier)
            }
            let now = EpochMilliseconds.now()
            try db.execute(
                sql: "INSERT INTO result_ack (resultID, unit, acknowledgedAt, acknowledgedBy) VALUES (?, ?, ?, ?)",
                arguments: [id, unit, EpochMilliseconds.of(now), actor])
            var audit = try AuditLog(db)
            try audit.append(
                actor: actor, action: "result.acknowledged", subject: id, detail: ["unit": .string(unit)], at: now)
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
                arguments: [contract.description, period, subtree + "*"])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["unit"], EpochMilliseconds.date($0["first"])) })
        }
    }

    /// A fresh id greater than every stored one, so ids follow commit order and a stream resumed
    /// after an id misses no result stored later in the same millisecond.
    private static func nextResultID(at now: Date, in db: Database) throws -> String {
        let newest = try String.fetchOne(db, sql: "SELECT max(id) FROM result") ?? ""
        var at = now
        var id = TimeOrderedID.make(at: at)
        while id <= newest {
            at += 0.001
            id = TimeOrderedID.make(at: at)
        }
        return id
    }

    private static func insert(_ result: PublishedResult, in db: Database) throws {
        let request = result.request
        let (scope, units): (String, [String]) =
            switch request.audience {
            case .unit(let unit, let scope): (scope.rawValue, [unit])
            case .units(let units): ("list", units)
            }
        try db.execute(
            sql: """
                INSERT INTO result (id, kind, title, body, data, answers, audienceScope, audienceUnits, expiresAt,
                                    digest, sentBy, idempotencyKey, sentAt, addressedCount, taskContract, taskPeriod,
                                    taskDueAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                result.id, request.kind.rawValue, request.title, request.body, request.data?.serializedString(),
                JSONValue.array(request.answers.map(JSONValue.string)).serializedString(), scope,
                JSONValue.array(units.map(JSONValue.string)).serializedString(),
                request.expiresAt.map(EpochMilliseconds.of),
                result.digest, result.sentBy, result.idempotencyKey, EpochMilliseconds.of(result.sentAt),
                result.addressedCount, request.task?.contract.description, request.task?.period,
                request.task.map { EpochMilliseconds.of($0.dueAt) },
            ])
        for root in request.audience.roots {
            try db.execute(
                sql: "INSERT INTO result_address (resultID, unit, scope) VALUES (?, ?, ?)",
                arguments: [result.id, root.unit, root.scope.rawValue])
        }
    }

    private static func result(from row: Row) throws -> PublishedResult {
        let id: String = row["id"]
        func corrupt(_ reason: String) -> StoreError { .corruptRow(table: "result", id: id, reason: reason) }
        func strings(_ column: String) throws -> [String] {
            guard let text: String = row[column], let list = try? JSONValue(parsing: Array(text.utf8)).arrayValue else {
                throw corrupt("\(column) is not a JSON array")
            }
            return try list.map { element in
                guard let value = element.stringValue else { throw corrupt("\(column) holds a non-string") }
                return value
            }
        }
        guard let kind = ResultKind(rawValue: row["kind"]) else { throw corrupt("unknown kind") }
        let units = try strings("audienceUnits")
        let audience: ResultAudience
        switch (row["audienceScope"] as String, units.first) {
        case ("list", _): audience = .units(units)
        case (let scope, let unit?) where units.count == 1:
            guard let scope = ResultScope(rawValue: scope) else { throw corrupt("unknown audience scope \(scope)") }
            audience = .unit(unit, scope: scope)
        default: throw corrupt("audience without exactly one unit")
        }
        var data: JSONValue?
        if let text: String = row["data"] {
            guard let parsed = try? JSONValue(parsing: Array(text.utf8)) else { throw corrupt("data is not JSON") }
            data = parsed
        }
        var task: ResultTask?
        if let contract: String = row["taskContract"] {
            guard let reference = try? ContractRef(parsing: contract), let period: String = row["taskPeriod"],
                let dueAt: Int64 = row["taskDueAt"]
            else { throw corrupt("incomplete task") }
            task = ResultTask(contract: reference, period: period, dueAt: EpochMilliseconds.date(dueAt))
        }
        let request = ResultRequest(
            kind: kind, title: row["title"], body: row["body"], data: data, answers: try strings("answers"),
            audience: audience, expiresAt: (row["expiresAt"] as Int64?).map(EpochMilliseconds.date), task: task)
        return PublishedResult(
            id: id, request: request, digest: row["digest"], sentBy: row["sentBy"],
            idempotencyKey: row["idempotencyKey"],
            sentAt: EpochMilliseconds.date(row["sentAt"]), addressedCount: row["addressedCount"])
    }
}
