import Foundation
import GridwayCore
import GridwaySQLite
import GridwayStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct SQLiteStoreShutdownTests {
    /// Writers submitting side by side until the group shuts down gracefully, keeping the ID of every
    /// submission acknowledged to them.
    private final class Writers: Service {
        let store: SQLiteStore
        let acknowledged = Mutex<[String]>([])
        private let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001"), createdAt: Date())

        init(store: SQLiteStore) {
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

    @Test func everySubmissionAcknowledgedBeforeAGracefulShutdownIsInTheDatabaseAfterwards() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gridway.sqlite").path
        let store = try SQLiteStore(path: path)
        let writers = Writers(store: store)
        // In start order, as `gridway serve` has it: the store first, so it stops last.
        let group = ServiceGroup(services: [store, writers], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { running in
            running.addTask { try await group.run() }
            while writers.count < 200 { await Task.yield() }
            await group.triggerGracefulShutdown()
            try await running.waitForAll()
        }

        let acknowledged = writers.acknowledged.withLock { $0 }
        let reopened = try SQLiteStore(path: path)
        let stored = try await reopened.submissions(matching: SubmissionQuery(limit: 10_000)).items.map(\.id)
        #expect(Set(stored) == Set(acknowledged), "every acknowledged submission, and nothing else")
        #expect(try await reopened.verifyAuditChain() == .intact(entries: acknowledged.count))
    }
}
