import Foundation
import GridwayCore
import GridwayStore
import PostgresNIO

extension PostgresStore {
    public func deliveries(ofSubmissions ids: [String]) async throws -> [String: [Delivery]] {
        guard !ids.isEmpty else { return [:] }
        let deliveries = try await read { connection in
            try await connection.rows(
                "SELECT * FROM delivery WHERE submissionID = ANY(\(ids)) ORDER BY target, id", logger: logger
            ).map(Self.delivery(from:))
        }
        return Dictionary(grouping: deliveries, by: \.submissionID)
    }

    public func deliveries(matching query: DeliveryQuery) async throws -> Page<Delivery> {
        var listing = PostgresListing("SELECT * FROM delivery WHERE true")
        listing.and("state = ?", query.state?.rawValue)
        listing.and("target = ?", query.target)
        listing.and("id < ?", query.before)
        return try await listing.page(
            order: "id DESC", limit: query.limit, in: self, decode: Self.delivery(from:), cursor: \.id)
    }

    /// One statement claims and reads: the due rows no other replica holds are locked (`SKIP LOCKED`),
    /// leased, and returned joined with their submissions.
    public func claimDueDeliveries(target: String, limit: Int, lease: Duration) async throws -> [ClaimedDelivery] {
        let now = EpochMilliseconds.of(Date())
        let leaseUntil = now + Int64(lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000)
        let rows = try await read { connection in
            try await connection.rows(
                """
                WITH claimed AS (
                    UPDATE delivery SET state = 'in-flight', dueAt = \(leaseUntil)
                    WHERE id IN (SELECT id FROM delivery
                                 WHERE target = \(target) AND state IN ('pending', 'retrying', 'in-flight')
                                   AND dueAt <= \(now)
                                   AND NOT EXISTS (SELECT 1 FROM target_state t WHERE t.target = \(target) AND t.paused)
                                 ORDER BY dueAt LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    RETURNING *)
                SELECT c.*, s.contract AS s_contract, s.unit AS s_unit, s.period AS s_period, s.data AS s_data,
                       s.supersedes AS s_supersedes, s.digest AS s_digest, s.submittedBy AS s_submittedby,
                       s.idempotencyKey AS s_idempotencykey, s.receivedAt AS s_receivedat, s.status AS s_status,
                       s.supersededBy AS s_supersededby
                FROM claimed c LEFT JOIN submission s ON s.id = c.submissionID
                ORDER BY c.dueAt, c.id
                """, logger: logger)
        }
        return try rows.map { row in
            let delivery = try Self.delivery(from: row)
            guard try row.value("s_contract", as: String?.self) != nil else {
                throw StoreError.corruptRow(table: "delivery", id: delivery.id, reason: "its submission is missing")
            }
            return ClaimedDelivery(delivery: delivery, submission: try Self.submission(from: row, prefix: "s_", id: delivery.submissionID))
        }
    }

    public func nextDeliveryDue(target: String) async throws -> Date? {
        try await read { connection in
            try await connection.row(
                """
                SELECT min(dueAt) AS due FROM delivery
                WHERE target = \(target) AND state IN ('pending', 'retrying', 'in-flight')
                """, logger: logger
            )?.value("due", as: Int64?.self).map(EpochMilliseconds.date)
        }
    }

    public func record(_ result: DeliveryResult, forDelivery id: String) async throws -> Bool {
        let now = EpochMilliseconds.of(Date())
        let (state, dueAt, error, receipt, deliveredAt): (DeliveryState, Int64?, String?, String?, Int64?) =
            switch result {
            case .delivered(let receipt): (.delivered, nil, nil, receipt, now)
            case .retry(let error, let next): (.retrying, EpochMilliseconds.of(next), error, nil, nil)
            case .dead(let error): (.dead, nil, error, nil, nil)
            }
        return try await read { connection in
            try await connection.row(
                """
                UPDATE delivery SET state = \(state.rawValue), attempts = attempts + 1, dueAt = \(dueAt),
                                    lastError = \(error), receipt = coalesce(\(receipt), receipt),
                                    deliveredAt = \(deliveredAt)
                WHERE id = \(id) AND state = 'in-flight' RETURNING id
                """, logger: logger) != nil
        }
    }

    public func replayDeadDeliveries(ids: [String], target: String?, by actor: String) async throws -> Int {
        try await audited { connection, audit in
            let now = EpochMilliseconds.now()
            let replayed = try await connection.rows(
                """
                WITH replayed AS (
                    UPDATE delivery SET state = 'pending', attempts = 0, dueAt = \(EpochMilliseconds.of(now))
                    WHERE state = 'dead' AND (cardinality(\(ids)::text[]) = 0 OR id = ANY(\(ids)))
                      AND (\(target)::text IS NULL OR target = \(target))
                    RETURNING id, target, submissionID)
                SELECT * FROM replayed ORDER BY id
                """, logger: logger)
            for row in replayed {
                audit.append(
                    actor: actor, action: "delivery.replayed", subject: try row.value("id"),
                    detail: [
                        "target": .string(try row.value("target")), "submission": .string(try row.value("submissionid")),
                    ],
                    at: now)
            }
            if !replayed.isEmpty { try await relay.announce(.deliveries, on: connection, logger: logger) }
            return replayed.count
        }
    }

    public func setTarget(_ target: String, paused: Bool, by actor: String) async throws {
        try await audited { connection, audit in
            try await connection.run(
                """
                INSERT INTO target_state (target, paused) VALUES (\(target), \(paused))
                ON CONFLICT (target) DO UPDATE SET paused = excluded.paused
                """, logger: logger)
            audit.append(
                actor: actor, action: paused ? "target.paused" : "target.resumed", subject: target, detail: .object([:]),
                at: Date())
            if !paused { try await relay.announce(.deliveries, on: connection, logger: logger) }
        }
    }

    public func pausedTargets() async throws -> Set<String> {
        try await read { connection in
            Set(
                try await connection.rows("SELECT target FROM target_state WHERE paused", logger: logger).map {
                    try $0.value("target", as: String.self)
                })
        }
    }

    public func deliveryBacklog() async throws -> [TargetBacklog] {
        let rows = try await read { connection in
            try await connection.rows(
                """
                SELECT target, state, count(*) AS n,
                       min(CASE WHEN state IN ('pending', 'retrying', 'in-flight') THEN createdAt END) AS oldest
                FROM delivery GROUP BY target, state
                """, logger: logger)
        }
        var backlog: [String: TargetBacklog] = [:]
        for row in rows {
            let target: String = try row.value("target")
            guard let state = DeliveryState(rawValue: try row.value("state")) else { continue }
            var entry = backlog[target] ?? TargetBacklog(target: target, counts: [:], oldestOutstanding: nil)
            entry.counts[state] = Int(try row.value("n", as: Int64.self))
            if let oldest = try row.value("oldest", as: Int64?.self) {
                let date = EpochMilliseconds.date(oldest)
                entry.oldestOutstanding = min(entry.oldestOutstanding ?? date, date)
            }
            backlog[target] = entry
        }
        return backlog.values.sorted { $0.target < $1.target }
    }
}
