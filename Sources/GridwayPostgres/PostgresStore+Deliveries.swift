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
        return Dictionary(grouping: deliveries) { $0.submissionID ?? "" }
    }

    public func deliveries(ofResult id: String) async throws -> [Delivery] {
        try await read { connection in
            try await connection.rows(
                "SELECT * FROM delivery WHERE resultID = \(id) ORDER BY unit, target", logger: logger
            ).map(Self.delivery(from:))
        }
    }

    public func deliveries(matching query: DeliveryQuery) async throws -> Page<Delivery> {
        var listing = PostgresListing("SELECT * FROM delivery WHERE true")
        listing.and("state = ?", query.state?.rawValue)
        listing.and("target = ?", query.target)
        listing.and("id < ?", query.before)
        return try await listing.page(
            order: "id DESC", limit: query.limit, in: self, decode: Self.delivery(from:), cursor: \.id)
    }

    /// One statement claims: the due rows no other replica holds are locked (`SKIP LOCKED`) and leased;
    /// what they carry is read after (submissions and results never change once stored).
    public func claimDueDeliveries(target: String, limit: Int, lease: Duration) async throws -> [ClaimedDelivery] {
        let now = EpochMilliseconds.of(clock.date)
        let leaseUntil =
            now + Int64(lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000)
        return try await read { connection in
            var claimed = try await connection.rows(
                """
                WITH claimed AS (
                    UPDATE delivery SET state = 'in-flight', dueAt = \(leaseUntil)
                    WHERE id IN (SELECT id FROM delivery AS d
                                 WHERE target = \(target) AND state IN ('pending', 'retrying', 'in-flight')
                                   AND dueAt <= \(now)
                                   AND NOT EXISTS (SELECT 1 FROM target_state t WHERE t.target = \(target) AND t.paused)
                                   AND (orderKey IS NULL OR NOT EXISTS (
                                       SELECT 1 FROM delivery AS earlier
                                       WHERE earlier.target = d.target AND earlier.orderKey = d.orderKey
                                         AND earlier.id < d.id
                                         AND earlier.state IN ('pending', 'retrying', 'in-flight')))
                                 ORDER BY dueAt LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    RETURNING *)
                SELECT * FROM claimed ORDER BY dueAt, id
                """, logger: logger
            ).map(Self.delivery(from:))
            guard !claimed.isEmpty else { return [] }
            var settled: [Delivery] = []
            for delivery in claimed {
                settled.append(try await Self.resolvingCorrection(of: delivery, on: connection, logger: logger))
            }
            claimed = settled
            let submissionIDs = claimed.compactMap(\.subject.submissionID)
            let resultIDs = claimed.compactMap(\.subject.resultID)
            var submissions: [String: Submission] = [:]
            for row in try await connection.rows(
                "SELECT * FROM submission WHERE id = ANY(\(submissionIDs))", logger: logger)
            {
                let submission = try Self.submission(from: row)
                submissions[submission.id] = submission
            }
            var results: [String: PublishedResult] = [:]
            if !resultIDs.isEmpty {
                for row in try await connection.rows(
                    "SELECT * FROM result WHERE id = ANY(\(resultIDs))", logger: logger)
                {
                    let result = try Self.result(from: row)
                    results[result.id] = result
                }
            }
            return try claimed.map { delivery in
                let payload: ClaimedDelivery.Payload? =
                    switch delivery.subject {
                    case .submission(let id): submissions[id].map { .submission($0) }
                    case .result(let id, _): results[id].map { .result($0) }
                    }
                guard let payload else {
                    throw StoreError.corruptRow(
                        table: "delivery", id: delivery.id, reason: "its \(delivery.subject) is missing")
                }
                return ClaimedDelivery(delivery: delivery, payload: payload)
            }
        }
    }

    /// `delivery` with its correction settled by the original's delivery to the same target
    /// (``CorrectionRules/resolve(_:originalDelivery:)``), written back when that changed it.
    private static func resolvingCorrection(of delivery: Delivery, on connection: PostgresConnection, logger: Logger)
        async throws -> Delivery
    {
        guard let correction = delivery.correction else { return delivery }
        let original = try await connection.row(
            """
            SELECT * FROM delivery WHERE submissionID = \(correction.originalSubmissionID) AND target = \(delivery.target)
            """, logger: logger
        ).map(Self.delivery(from:))
        let resolved = CorrectionRules.resolve(correction, originalDelivery: original)
        guard resolved != correction else { return delivery }
        try await connection.run(
            """
            UPDATE delivery SET correctsSubmission = \(resolved?.originalSubmissionID),
                                originalReceipt = \(resolved?.originalReceipt)
            WHERE id = \(delivery.id)
            """, logger: logger)
        var settled = delivery
        settled.correction = resolved
        return settled
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

    /// Replicas share the database: a lease may be a live replica's, so leases are left to run out.
    public func reclaimOrphanedDeliveries() async throws -> Int {
        0
    }

    public func record(_ result: DeliveryResult, forDelivery id: String) async throws -> Bool {
        let (state, dueAt, error, receipt, deliveredAt) = result.columns(at: EpochMilliseconds.of(clock.date))
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

    public func replayDeadDeliveries(ids: [String], target: String?, outOfOrder: Bool, by actor: String)
        async throws -> DeliveryReplay
    {
        try await audited { connection, audit in
            let now = EpochMilliseconds.now(on: clock)
            // Dead ones a later report about the same subject has overtaken at their target.
            let heldBack: [String] =
                outOfOrder
                ? []
                : try await connection.rows(
                    """
                    SELECT id FROM delivery AS d
                    WHERE state = 'dead' AND (cardinality(\(ids)::text[]) = 0 OR id = ANY(\(ids)))
                      AND (\(target)::text IS NULL OR target = \(target))
                      AND orderKey IS NOT NULL AND EXISTS (
                          SELECT 1 FROM delivery AS later
                          WHERE later.target = d.target AND later.orderKey = d.orderKey AND later.id > d.id
                            AND later.state IN ('delivered', 'in-flight'))
                    ORDER BY id
                    """, logger: logger
                ).map { try $0.value("id", as: String.self) }
            let replayed = try await connection.rows(
                """
                WITH replayed AS (
                    UPDATE delivery SET state = 'pending', attempts = 0, dueAt = \(EpochMilliseconds.of(now))
                    WHERE state = 'dead' AND (cardinality(\(ids)::text[]) = 0 OR id = ANY(\(ids)))
                      AND (\(target)::text IS NULL OR target = \(target)) AND NOT id = ANY(\(heldBack))
                    RETURNING *)
                SELECT * FROM replayed ORDER BY id
                """, logger: logger
            ).map(Self.delivery(from:))
            for delivery in replayed {
                audit.append(.deliveryReplayed(delivery), by: actor, at: now)
            }
            if !replayed.isEmpty { try await relay.announce(.deliveries, on: connection, logger: logger) }
            return DeliveryReplay(replayed: replayed.count, heldBack: heldBack)
        }
    }

    public func setTarget(_ target: String, paused: Bool, by actor: String) async throws {
        try await audited { connection, audit in
            try await connection.run(
                """
                INSERT INTO target_state (target, paused) VALUES (\(target), \(paused))
                ON CONFLICT (target) DO UPDATE SET paused = excluded.paused
                """, logger: logger)
            audit.append(paused ? .targetPaused(target) : .targetResumed(target), by: actor, at: clock.date)
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
