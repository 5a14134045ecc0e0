import Foundation
import GridwayCore
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func deliveriesAtRisk(deadlineBy horizon: Date, limit: Int) async throws -> [Delivery] {
        let horizon = EpochMilliseconds.of(horizon)
        let limit = max(1, limit)
        return try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM delivery
                WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled')
                  AND deadlineNoticeAt IS NULL AND deadlineAt <= \(horizon)
                ORDER BY deadlineAt, id LIMIT \(limit)
                """, logger: logger
            ).map(Self.delivery(from:))
        }
    }

    public func markDeadlineNoticeGiven(_ ids: [String], at now: Date) async throws {
        let now = EpochMilliseconds.of(now)
        try await read { connection in
            try await connection.run(
                "UPDATE delivery SET deadlineNoticeAt = \(now) WHERE id = ANY(\(ids))", logger: logger)
        }
    }

    public func overdueDeliveryCounts(at now: Date) async throws -> [String: Int] {
        let now = EpochMilliseconds.of(now)
        return try await read { connection in
            let rows = try await connection.rows(
                """
                SELECT target, count(*) AS overdue FROM delivery
                WHERE deadlineAt IS NOT NULL AND state NOT IN ('delivered', 'cancelled') AND deadlineAt < \(now)
                GROUP BY target
                """, logger: logger)
            return Dictionary(
                uniqueKeysWithValues: try rows.map {
                    (try $0.value("target", as: String.self), Int(try $0.value("overdue", as: Int64.self)))
                })
        }
    }

    public func lateDeliveries(target: String, period: String, at now: Date) async throws -> [Delivery] {
        let now = EpochMilliseconds.of(now)
        return try await read { connection in
            try await connection.rows(
                """
                SELECT delivery.* FROM delivery JOIN submission ON submission.id = delivery.submissionID
                WHERE delivery.target = \(target) AND submission.period = \(period) AND delivery.deadlineAt IS NOT NULL
                  AND delivery.state <> 'cancelled' AND coalesce(delivery.deliveredAt, \(now)) > delivery.deadlineAt
                ORDER BY delivery.deadlineAt, delivery.id
                """, logger: logger
            ).map(Self.delivery(from:))
        }
    }
}
