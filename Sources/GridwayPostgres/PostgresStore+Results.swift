import Foundation
import GridwayCore
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func publish(
        _ request: ResultRequest, addressedCount: Int, notifying routes: [NotifyRoute], idempotencyKey: String,
        sentBy sender: String
    ) async throws -> ResultOutcome {
        let digest = request.digest
        return try await audited { connection, audit in
            if let existing = try await connection.row(
                "SELECT * FROM result WHERE sentBy = \(sender) AND idempotencyKey = \(idempotencyKey)",
                logger: logger
            ).map(Self.result(from:)) {
                return existing.digest == digest ? .replayed(existing) : .idempotencyKeyReused(existing: existing)
            }
            let now = EpochMilliseconds.now(on: clock)
            let result = PublishedResult(
                id: try await Self.nextResultID(at: now, on: connection, logger: logger), request: request,
                digest: digest,
                sentBy: sender, idempotencyKey: idempotencyKey, sentAt: now, addressedCount: addressedCount)
            try await Self.insert(result, on: connection, logger: logger)
            for delivery in result.notifyDeliveries(routes) {
                try await Self.insert(delivery, on: connection, logger: logger)
            }
            audit.append(.resultPublished(result, notifications: routes.count), by: sender, at: now)
            try await relay.announce(.results, on: connection, logger: logger)
            if !routes.isEmpty { try await relay.announce(.deliveries, on: connection, logger: logger) }
            return .published(result)
        }
    }

    public func result(id: String) async throws -> PublishedResult? {
        try await read { connection in
            try await connection.row("SELECT * FROM result WHERE id = \(id)", logger: logger).map(Self.result(from:))
        }
    }

    public func tasksAwaitingReminder(now: Date, dueBy: Date) async throws -> [PublishedResult] {
        let now = EpochMilliseconds.of(now)
        return try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM result t
                WHERE t.kind = 'task' AND t.taskDueAt > \(now) AND t.taskDueAt <= \(EpochMilliseconds.of(dueBy))
                  AND (t.expiresAt IS NULL OR t.expiresAt > \(now))
                  AND NOT EXISTS (SELECT 1 FROM result r
                                  WHERE r.sentBy = t.sentBy
                                    AND r.idempotencyKey = \(ResultTask.reminderKey(forTask: "")) || t.id)
                ORDER BY t.taskDueAt
                """, logger: logger
            ).map(Self.result(from:))
        }
    }

    public func inbox(_ query: InboxQuery) async throws -> Page<InboxItem> {
        let statement = InboxSQL(query) { "$\($0)" }
        var binds = PostgresBindings()
        for argument in statement.arguments {
            switch argument {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            }
        }
        let rows = try await read { connection in
            try await connection.rows(PostgresQuery(unsafeSQL: statement.sql, binds: binds), logger: logger)
        }
        let items = try rows.prefix(statement.rowLimit - 1).map { row in
            InboxItem(
                result: try Self.result(from: row),
                acknowledgedAt: try row.value("ackat", as: Int64?.self).map(EpochMilliseconds.date),
                taskSubmittedAt: try row.value("tasksubmittedat", as: Int64?.self).map(EpochMilliseconds.date))
        }
        return Page(items: items, nextCursor: rows.count == statement.rowLimit ? items.last?.result.id : nil)
    }

    public func acknowledge(result id: String, unit: String, by actor: String) async throws -> Date {
        try await audited { connection, audit in
            if let earlier = try await connection.row(
                "SELECT acknowledgedAt FROM result_ack WHERE resultID = \(id) AND unit = \(unit)", logger: logger)
            {
                return EpochMilliseconds.date(try earlier.value("acknowledgedat"))
            }
            let now = EpochMilliseconds.now(on: clock)
            try await connection.run(
                """
                INSERT INTO result_ack (resultID, unit, acknowledgedAt, acknowledgedBy)
                VALUES (\(id), \(unit), \(EpochMilliseconds.of(now)), \(actor))
                """, logger: logger)
            audit.append(.resultAcknowledged(resultID: id, unit: unit), by: actor, at: now)
            return now
        }
    }

    public func acknowledgements(ofResult id: String) async throws -> [String: Date] {
        let rows = try await read { connection in
            try await connection.rows(
                "SELECT unit, acknowledgedAt FROM result_ack WHERE resultID = \(id)", logger: logger)
        }
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.value("unit", as: String.self), EpochMilliseconds.date(try $0.value("acknowledgedat")))
            })
    }

    public func firstSubmissions(contract: ContractRef, period: String, within subtree: String) async throws
        -> [String: Date]
    {
        let rows = try await read { connection in
            try await connection.rows(
                """
                SELECT unit, min(receivedAt) AS first FROM submission
                WHERE contract = \(contract.description) AND period = \(period)
                  AND unit LIKE \(UnitSubtree(root: subtree).likePattern) GROUP BY unit
                """, logger: logger)
        }
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.value("unit", as: String.self), EpochMilliseconds.date(try $0.value("first")))
            })
    }

    /// A fresh id greater than every stored one. Publishing holds the audit head's lock until commit,
    /// so ids follow commit order across replicas (see ``PublishedResult/id(after:at:)``).
    private static func nextResultID(at now: Date, on connection: PostgresConnection, logger: Logger) async throws
        -> String
    {
        let newest = try await connection.row("SELECT max(id) AS newest FROM result", logger: logger)?
            .value("newest", as: String?.self)
        return PublishedResult.id(after: newest ?? "", at: now)
    }

    private static func insert(_ result: PublishedResult, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        let row = ResultRow(result)
        try await connection.run(
            """
            INSERT INTO result (id, kind, title, body, data, answers, audienceScope, audienceUnits, expiresAt,
                                digest, sentBy, idempotencyKey, sentAt, addressedCount, taskContract, taskPeriod,
                                taskDueAt)
            VALUES (\(row.id), \(row.kind), \(row.title), \(row.body), \(row.data), \(row.answers), \(row.audienceScope),
                    \(row.audienceUnits), \(row.expiresAt), \(row.digest), \(row.sentBy), \(row.idempotencyKey),
                    \(row.sentAt), \(row.addressedCount), \(row.taskContract), \(row.taskPeriod), \(row.taskDueAt))
            """, logger: logger)
        let roots = result.request.audience.roots
        try await connection.run(
            """
            INSERT INTO result_address (resultID, unit, scope)
            SELECT \(result.id), * FROM unnest(\(roots.map(\.unit))::text[], \(roots.map(\.scope.rawValue))::text[])
            """, logger: logger)
    }
}
