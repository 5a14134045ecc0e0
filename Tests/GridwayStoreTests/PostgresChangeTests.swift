import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import Synchronization
import Testing

@testable import GridwayPostgres

/// Changes committed through one replica wake the subscribers of another (LISTEN/NOTIFY).
@Suite(.timeLimit(.minutes(3))) struct PostgresChangeTests {
    /// Whether `stream` yields within `limit`.
    private func wakes(_ stream: AsyncStream<Void>, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in stream { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test(.enabled(if: StoreBackend.postgresURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set"))
    func changesCommittedThroughOneReplicaWakeTheOther() async throws {
        try await StoreBackend.postgres.withStore { temporary in
            try await temporary.withReopened { other in
                let replica = try #require(other as? PostgresStore)
                let deadline = ContinuousClock.now + .seconds(10)
                while !replica.relay.isListening.load(ordering: .acquiring), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let results = replica.changes(.results)
                let deliveries = replica.changes(.deliveries)
                let sender = Credential(
                    id: "key_district", name: "district", role: .upstream(target: "district", jurisdiction: "210102"),
                    createdAt: Date())
                _ = try await temporary.store.publish(
                    ResultRequest(kind: .notice, title: "停水通知", body: "知悉", audience: .units(["210102001"])),
                    addressedCount: 1, notifying: [], idempotencyKey: "n1", sentBy: sender.id)
                #expect(await wakes(results, within: .seconds(10)))
                let staff = Credential(
                    id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())
                _ = try await temporary.store.submit(
                    SubmissionRequest(
                        contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
                        data: ["durationMinutes": 30]),
                    idempotencyKey: "s1", by: staff, targets: ["civil"])
                #expect(await wakes(deliveries, within: .seconds(10)))
            }
        }
    }
}
