import Foundation
import GRDB
import GridwayCore
import GridwayStore

extension SQLiteStore {
    public func deliveries(ofSubmissions ids: [String]) async throws -> [String: [Delivery]] {
        try await pool.read { db in
            let records = try DeliveryRecord.filter(ids.contains(Column("submissionID")))
                .order(Column("target"), Column("id")).fetchAll(db)
            return Dictionary(grouping: try records.map { try $0.delivery() }) { $0.submissionID ?? "" }
        }
    }

    public func deliveries(ofResult id: String) async throws -> [Delivery] {
        try await pool.read { db in
            try DeliveryRecord.filter(Column("resultID") == id).order(Column("unit"), Column("target"))
                .fetchAll(db).map { try $0.delivery() }
        }
    }

    public func deliveries(matching query: DeliveryQuery) async throws -> Page<Delivery> {
        try await pool.read { db in
            var request = DeliveryRecord.all()
            if let state = query.state { request = request.filter(Column("state") == state.rawValue) }
            if let target = query.target { request = request.filter(Column("target") == target) }
            if let before = query.before { request = request.filter(Column("id") < before) }
            let limit = max(1, query.limit)
            let records = try request.order(Column("id").desc).limit(limit + 1).fetchAll(db)
            let items = try records.prefix(limit).map { try $0.delivery() }
            return Page(items: items, nextCursor: records.count > limit ? items.last?.id : nil)
        }
    }

    public func claimDueDeliveries(target: String, limit: Int, lease: Duration) async throws -> [ClaimedDelivery] {
        try await pool.write { db in
            let now = EpochMilliseconds.of(clock.date)
            let leaseUntil =
                now + Int64(lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000)
            let claimed = try DeliveryRecord.fetchAll(
                db.cachedStatement(
                    sql: """
                        UPDATE delivery SET state = 'in-flight', dueAt = ?
                        WHERE id IN (SELECT id FROM delivery AS d
                                     WHERE target = ? AND state IN ('pending', 'retrying', 'in-flight') AND dueAt <= ?
                                       AND target NOT IN (SELECT target FROM target_state WHERE paused)
                                       AND (orderKey IS NULL OR NOT EXISTS (
                                           SELECT 1 FROM delivery AS earlier
                                           WHERE earlier.target = d.target AND earlier.orderKey = d.orderKey
                                             AND earlier.id < d.id
                                             AND earlier.state IN ('pending', 'retrying', 'in-flight')))
                                     ORDER BY dueAt LIMIT ?)
                        RETURNING *
                        """),
                arguments: [leaseUntil, target, now, limit])
            return try claimed.map { record in
                let delivery = try Self.resolvingCorrection(of: try record.delivery(), in: db)
                return ClaimedDelivery(delivery: delivery, payload: try Self.payload(of: delivery, in: db))
            }
        }
    }

    /// SQLite serves one process: every lease found in the file was left by this process's previous run.
    public func reclaimOrphanedDeliveries() async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE delivery SET dueAt = min(dueAt, ?) WHERE state = 'in-flight'",
                arguments: [EpochMilliseconds.of(clock.date)])
            return db.changesCount
        }
    }

    public func nextDeliveryDue(target: String) async throws -> Date? {
        try await pool.read { db in
            try Int64.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT min(dueAt) FROM delivery WHERE target = ? AND state IN ('pending', 'retrying', 'in-flight')"
                ),
                arguments: [target]
            ).map(EpochMilliseconds.date)
        }
    }

    public func record(_ result: DeliveryResult, forDelivery id: String) async throws -> Bool {
        try await outcomes.run((result, id))
    }

    /// Records one attempt's outcome, finished at `now`, inside a shared transaction; whether the
    /// delivery was still in flight.
    static func record(_ result: DeliveryResult, forDelivery id: String, at now: Date, in db: Database) throws -> Bool {
        let (state, dueAt, error, receipt, deliveredAt) = result.columns(at: EpochMilliseconds.of(now))
        try db.cachedStatement(
            sql: """
                UPDATE delivery SET state = ?, attempts = attempts + 1, dueAt = ?, lastError = ?,
                                    receipt = coalesce(?, receipt), deliveredAt = ?
                WHERE id = ? AND state = 'in-flight'
                """
        ).execute(arguments: [state.rawValue, dueAt, error, receipt, deliveredAt, id])
        return db.changesCount > 0
    }

    public func replayDeadDeliveries(ids: [String], target: String?, outOfOrder: Bool, by actor: String)
        async throws -> DeliveryReplay
    {
        try await pool.write { db in
            let now = EpochMilliseconds.of(clock.date)
            var request = DeliveryRecord.filter(Column("state") == DeliveryState.dead.rawValue)
            if !ids.isEmpty { request = request.filter(ids.contains(Column("id"))) }
            if let target { request = request.filter(Column("target") == target) }
            var replayed = try request.fetchAll(db)
            var heldBack: [String] = []
            if !outOfOrder {
                // Dead ones a later report about the same subject has overtaken at their target.
                let overtaken = try db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM delivery AS later
                                       WHERE later.target = ? AND later.orderKey = ? AND later.id > ?
                                         AND later.state IN ('delivered', 'in-flight'))
                        """)
                heldBack = try replayed.filter { record in
                    guard let key = record.orderKey else { return false }
                    return try Bool.fetchOne(overtaken, arguments: [record.target, key, record.id]) == true
                }.map(\.id)
                replayed.removeAll { heldBack.contains($0.id) }
            }
            var audit = try AuditLog(db)
            for var delivery in replayed {
                delivery.state = DeliveryState.pending.rawValue
                delivery.attempts = 0
                delivery.dueAt = now
                try delivery.update(db)
                try audit.append(.deliveryReplayed(try delivery.delivery()), by: actor, at: EpochMilliseconds.date(now))
            }
            return DeliveryReplay(replayed: replayed.count, heldBack: heldBack)
        }
    }

    public func setTarget(_ target: String, paused: Bool, by actor: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO target_state (target, paused) VALUES (?, ?) ON CONFLICT(target) DO UPDATE SET paused = excluded.paused",
                arguments: [target, paused])
            var audit = try AuditLog(db)
            try audit.append(paused ? .targetPaused(target) : .targetResumed(target), by: actor, at: clock.date)
        }
    }

    public func pausedTargets() async throws -> Set<String> {
        try await pool.read { db in
            Set(try String.fetchAll(db, sql: "SELECT target FROM target_state WHERE paused"))
        }
    }

    public func deliveryBacklog() async throws -> [TargetBacklog] {
        try await pool.read { db in
            var backlog: [String: TargetBacklog] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT target, state, count(*) AS n,
                           min(CASE WHEN state IN ('pending', 'retrying', 'in-flight') THEN createdAt END) AS oldest
                    FROM delivery GROUP BY target, state
                    """)
            for row in rows {
                let target: String = row["target"]
                guard let state = DeliveryState(rawValue: row["state"]) else { continue }
                var entry = backlog[target] ?? TargetBacklog(target: target, counts: [:], oldestOutstanding: nil)
                entry.counts[state] = row["n"]
                if let oldest: Int64 = row["oldest"] {
                    let date = EpochMilliseconds.date(oldest)
                    entry.oldestOutstanding = min(entry.oldestOutstanding ?? date, date)
                }
                backlog[target] = entry
            }
            return backlog.values.sorted { $0.target < $1.target }
        }
    }

    /// The submission or result a delivery carries.
    /// `delivery` with its correction settled by the original's delivery to the same target
    /// (``CorrectionRules/resolve(_:originalDelivery:)``), written back when that changed it.
    private static func resolvingCorrection(of delivery: Delivery, in db: Database) throws -> Delivery {
        guard let correction = delivery.correction else { return delivery }
        let original = try DeliveryRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM delivery WHERE submissionID = ? AND target = ?"),
            arguments: [correction.originalSubmissionID, delivery.target])?.delivery()
        let resolved = CorrectionRules.resolve(correction, originalDelivery: original)
        guard resolved != correction else { return delivery }
        try db.cachedStatement(sql: "UPDATE delivery SET correctsSubmission = ?, originalReceipt = ? WHERE id = ?")
            .execute(arguments: [resolved?.originalSubmissionID, resolved?.originalReceipt, delivery.id])
        var settled = delivery
        settled.correction = resolved
        return settled
    }

    private static func payload(of delivery: Delivery, in db: Database) throws -> ClaimedDelivery.Payload {
        switch delivery.subject {
        case .submission(let id):
            if let submission = try SubmissionRecord.fetchOne(db, key: id)?.submission() {
                return .submission(submission)
            }
        case .result(let id, _):
            if let result = try result(id: id, in: db) { return .result(result) }
        }
        throw StoreError.corruptRow(
            table: DeliveryRecord.databaseTableName, id: delivery.id, reason: "its \(delivery.subject) is missing")
    }
}
