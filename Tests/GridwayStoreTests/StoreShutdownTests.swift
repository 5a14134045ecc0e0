import Foundation
import GridwayCore
import GridwayJSON
import GridwayPostgres
import GridwaySQLite
import GridwayStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2))) struct StoreShutdownTests {
    /// Writers submitting side by side until the group shuts down gracefully, keeping the ID of every
    /// submission acknowledged to them.
    private final class Writers: Service {
        let store: any Store
        let acknowledged = Mutex<[String]>([])
        private let staff = Credential(
            id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

        init(store: any Store) {
            self.store = store
        }

        var count: Int { acknowledged.withLock { $0.count } }

        func run() async throws {
            try await withThrowingDiscardingTaskGroup { group in
                for writer in 0..<8 {
                    group.addTask {
                        var sent = 0
                        while !Task.isShuttingDownGracefully {
                            sent += 1
                            let request = SubmissionRequest(
                                contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001",
                                period: "2026-11", data: ["durationMinutes": .integer(Int64(sent))])
                            let outcome = try await self.store.submit(
                                request, idempotencyKey: "\(writer)-\(sent)", by: self.staff)
                            if case .accepted(let submission, _) = outcome {
                                self.acknowledged.withLock { $0.append(submission.id) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `store` and writers in one group, as `gridway serve` orders them (the store first, so it stops
    /// last), until `acknowledged` submissions were; then shuts the group down gracefully and says
    /// which submissions were acknowledged.
    private func writeUntilShutdown(to store: any Store & Service, acknowledged: Int) async throws -> [String] {
        let writers = Writers(store: store)
        let group = ServiceGroup(services: [store, writers], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { running in
            running.addTask { try await group.run() }
            while writers.count < acknowledged { await Task.yield() }
            await group.triggerGracefulShutdown()
            try await running.waitForAll()
        }
        return writers.acknowledged.withLock { $0 }
    }

    @Test(arguments: StoreBackend.all)
    func everySubmissionAcknowledgedBeforeAGracefulShutdownIsInTheDatabaseAfterwards(_ backend: StoreBackend)
        async throws
    {
        let acknowledged: [String]
        let stored: [String]
        let auditChain: AuditVerification
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gridway-shutdown-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("gridway.sqlite").path
            acknowledged = try await writeUntilShutdown(to: try SQLiteStore(path: path), acknowledged: 200)
            let reopened = try SQLiteStore(path: path)
            stored = try await reopened.submissions(matching: SubmissionQuery(limit: 10_000)).items.map(\.id)
            auditChain = try await reopened.verifyAuditChain()
        case .postgres:
            let url = try #require(StoreBackend.postgresURL)
            let schema = "gridway_test_\(UUID().uuidString.prefix(8).lowercased())"
            (acknowledged, stored, auditChain) = try await StoreBackend.postgresSlots.withSlot(
                waitingAtMost: StoreBackend.slotPatience
            ) {
                let outcome: Result<([String], [String], AuditVerification), any Error>
                do {
                    let store = PostgresStore(url: url, schema: schema, logger: StoreBackend.logger)
                    let acknowledged = try await writeUntilShutdown(to: store, acknowledged: 200)
                    let reopened = PostgresStore(url: url, schema: schema, logger: StoreBackend.logger)
                    outcome = .success(
                        try await reopened.whileRunning {
                            (
                                acknowledged,
                                try await reopened.submissions(matching: SubmissionQuery(limit: 10_000)).items.map(
                                    \.id),
                                try await reopened.verifyAuditChain()
                            )
                        })
                } catch {
                    outcome = .failure(error)
                }
                try await StoreBackend.dropSchema(schema, at: url)
                return try outcome.get()
            }
        }
        #expect(Set(stored) == Set(acknowledged), "every acknowledged submission, and nothing else")
        #expect(auditChain == .intact(entries: acknowledged.count))
    }
}
