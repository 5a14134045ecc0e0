import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import PostgresNIO
import Testing

@testable import GridwayPostgres

/// What group commits leave pending is sealed onto the chain and into the rollups: by a replica's
/// sealer without anyone reading, and before any read.
@Suite(.enabled(if: StoreBackend.postgresURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresSealingTests {
    /// How many rows `table` holds now.
    private func count(_ table: String, in store: PostgresStore) async throws -> Int64 {
        let rows = try await store.client.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))
        var count: Int64 = 0
        for try await row in rows { count = try row.decode(Int64.self) }
        return count
    }

    @Test func whatAStoppedReplicaLeftPendingIsSealedInOrderWithoutAnyRead() async throws {
        try await StoreBackend.postgres.withStore { temporary in
            let store = try #require(temporary.store as? PostgresStore)
            try await store.checkReadiness()  // migrates the schema
            // As a replica killed after its group commits and before its seal leaves them: two writes,
            // recorded in this order, with a rollup increment.
            try await temporary.tamper(
                """
                INSERT INTO audit_pending (atMillis, actor, action, subject, detail)
                VALUES ('{1764000000000,1764000000001}', '{key_a,key_a}', '{submission.accepted,submission.accepted}',
                        '{sub_1,sub_2}', '{"{\\"unit\\":\\"210102001001\\"}","{}"}');
                INSERT INTO audit_pending (atMillis, actor, action, subject, detail)
                VALUES ('{1764000000002}', '{key_b}', '{submission.accepted}', '{sub_3}', '{"{}"}');
                INSERT INTO aggregate_pending (contract, period, unit, dimension, dimensionValue, measure, submissions,
                                               valueCount, sum, minValue, maxValue)
                VALUES ('{elderly-visit@1,elderly-visit@1}', '{2026-11,2026-11}', '{210102,210102}', '{"",""}', '{"",""}',
                        '{visits,visits}', '{1,2}', '{1,2}', '{30,70}', '{30,25}', '{30,45}')
                """)
            // The sealer may take the entries in one seal and the increments (committed a moment later)
            // in the next: wait for both.
            let deadline = ContinuousClock.now + .seconds(10)
            while try await count("audit_pending", in: store) + count("aggregate_pending", in: store) > 0,
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await count("audit_pending", in: store) == 0, "the sealer sealed within its second")
            #expect(try await count("aggregate_pending", in: store) == 0)

            let entries = try await store.auditEntries(from: 1, limit: 10)
            #expect(entries.map(\.subject) == ["sub_1", "sub_2", "sub_3"])
            #expect(entries.first?.detail == ["unit": "210102001001"])
            #expect(try await store.verifyAuditChain() == .intact(entries: 3))
            let rows = try await store.aggregates(
                contract: try ContractRef(parsing: "elderly-visit@1"), period: "2026-11", units: ["210102"],
                dimension: nil)
            let visits = try #require(rows.first { $0.key.cell.measure == "visits" }).figures
            #expect(visits.submissions == 3 && visits.values == 3 && visits.sum == 100)
            #expect(visits.min == 25 && visits.max == 45)
        }
    }

    @Test func anAcknowledgedReportIsInTheChainAndTheRollupsOfTheNextRead() async throws {
        try await StoreBackend.postgres.withStore { temporary in
            let store = try #require(temporary.store as? PostgresStore)
            let fixture = try AggregateFixture()
            for (index, minutes) in [30, 45].enumerated() {
                _ = try await fixture.submit(store, unit: "210102001001001", minutes: minutes)
                // Read at once, before the sealer's delay has passed: the reads seal.
                #expect(try await store.auditHead()?.sequence == Int64(index + 1))
                #expect(
                    try await fixture.totals(store, "210102")["totalMinutes"]?.sum
                        == ExactDecimal(Int64([30, 75][index])))
            }
            #expect(try await count("audit_pending", in: store) == 0)
        }
    }

    /// A store whose schema disappears while its sealer is at work (as when a test's schema is dropped,
    /// or an operator drops the wrong one) still stops when asked: its background work fails, logs and
    /// ends instead of holding the store open. The suite's time limit fails the test otherwise.
    @Test func aStoreWhoseSchemaIsDroppedUnderItsSealerStillStops() async throws {
        let url = try #require(StoreBackend.postgresURL)
        let schema = "gridway_test_\(UUID().uuidString.prefix(8).lowercased())"
        let store = PostgresStore(url: url, schema: schema, logger: StoreBackend.logger)
        let fixture = try AggregateFixture()
        let droppedWhilePending = try await store.whileRunning {
            try await store.checkReadiness()  // migrates the schema
            return try await withThrowingTaskGroup(of: Bool?.self) { group in
                // Reports keep the sealer busy (every group commit wakes it) ...
                group.addTask {
                    for minutes in 1...400 {
                        guard (try? await fixture.submit(store, unit: "210102001001001", minutes: minutes)) != nil
                        else {
                            return nil  // the schema is gone
                        }
                    }
                    return nil
                }
                // ... while the schema is dropped under it, as soon as there is something to seal.
                group.addTask {
                    var polls = 0
                    while polls < 1000, try await count("audit_pending", in: store) == 0 {
                        polls += 1
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    try await StoreBackend.dropSchema(schema, at: url)
                    return polls < 1000
                }
                return try await group.compactMap { $0 }.first { _ in true } ?? false
            }
        }
        // Reaching this line is what is tested (the suite's time limit fails the test otherwise); this
        // checks the test did what it says: the schema went while entries were pending.
        #expect(droppedWhilePending, "the schema was dropped while the sealer had entries to seal")
    }
}
