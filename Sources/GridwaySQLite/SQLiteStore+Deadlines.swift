import Foundation
import GRDB
import GridwayCore
import GridwayStore

extension SQLiteStore {
    public func deliveriesAtRisk(deadlineBy horizon: Date, limit: Int) async throws -> [Delivery] {
        try await pool.read { db in
            try DeliveryRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM delivery
                    WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled')
                      AND deadlineNoticeAt IS NULL AND deadlineAt <= ?
                    ORDER BY deadlineAt, id LIMIT ?
                    """, arguments: [EpochMilliseconds.of(horizon), max(1, limit)]
            ).map { try $0.delivery() }
        }
    }

    public func markDeadlineNoticeGiven(_ ids: [String], at now: Date) async throws {
        try await pool.write { db in
            try DeliveryRecord.filter(ids.contains(Column("id")))
                .updateAll(db, Column("deadlineNoticeAt").set(to: EpochMilliseconds.of(now)))
        }
    }

    public func overdueDeliveryCounts(at now: Date) async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT target, count(*) AS overdue FROM delivery
                    WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled') AND deadlineAt < ?
                    GROUP BY target
                    """, arguments: [EpochMilliseconds.of(now)])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["target"] as String, $0["overdue"] as Int) })
        }
    }

    public func lateDeliveries(target: String, period: String, at now: Date) async throws -> [Delivery] {
        try await pool.read { db in
            try DeliveryRecord.fetchAll(
                db,
                sql: """
                    SELECT delivery.* FROM delivery JOIN submission ON submission.id = delivery.submissionID
                    WHERE delivery.target = ? AND submission.period = ? AND delivery.deadlineAt IS NOT NULL
                      AND delivery.state <> 'cancelled' AND coalesce(delivery.deliveredAt, ?) > delivery.deadlineAt
                    ORDER BY delivery.deadlineAt, delivery.id
                    """, arguments: [target, period, EpochMilliseconds.of(now)]
            ).map { try $0.delivery() }
        }
    }
}
