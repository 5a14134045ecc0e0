import Foundation
import GRDB
import GridwayCore
import GridwayFiles
import GridwayJSON
import GridwaySQLite
import GridwayStore
import GridwayTestSupport
import OrderedCollections
import Testing

/// `gridway retention run` killed with SIGKILL part-way through a large erasure.
@Suite(.timeLimit(.minutes(5))) struct RetentionCrashTests {
    /// Every submission is afterwards either erased, with its one audit entry, or untouched; the chain
    /// verifies; a second run erases the rest and nothing else.
    @Test func aRunKilledPartWayLeavesNoHalfErasedSubmissionAndTheNextFinishes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("gridway.sqlite").path
        let total = 10_000
        try await Self.load(total, expiredReportsInto: path)

        let run = try ChildProcess(
            GatewayProcess.executable, ["retention", "run", "--data-directory", directory.path],
            environment: GatewayProcess.environment)
        let database = try DatabaseQueue(path: path)
        var erasedBeforeKill = 0
        while erasedBeforeKill == 0, run.isRunning {
            erasedBeforeKill = try await database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE erasedAt IS NOT NULL") ?? 0
            }
        }
        let status = await run.end(with: SIGKILL)
        #expect(status == SIGKILL, "killed part-way (\(erasedBeforeKill) of \(total) erased when it was seen)")

        let (erased, untouched, audited) = try await Self.census(database)
        #expect(erased + untouched == total, "no submission is half-erased")
        #expect(erased >= erasedBeforeKill && erased < total)
        #expect(audited == erased, "one audit entry per erased submission")
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.output.contains("audit chain intact"), "\(verify.output)")

        let again = try await GatewayProcess.run(["retention", "run", "--data-directory", directory.path])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("\(total - erased) submissions erased"), "\(again.output)")
        let after = try await Self.census(database)
        #expect(after.erased == total && after.untouched == 0 && after.audited == total)
    }

    /// `count` elderly-visit@1 reports of 2022-01, long past their `P3Y`, stored as the server stores them.
    private static func load(_ count: Int, expiredReportsInto path: String) async throws {
        let catalog = try ContractCatalog.load(
            directory: GatewayProcess.repositoryRoot.appendingPathComponent("contracts"))
        let contract = try #require(catalog.contract(try ContractRef(parsing: "elderly-visit@1")))
        guard case .object(let example)? = contract.schema["examples"]?[0] else { throw CancellationError() }
        let store = try SQLiteStore(path: path)
        let staff = Credential(id: "key_staff", name: "staff", role: .staff(unit: "210102001001"), createdAt: Date())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= 64 { try await group.next() }
                var data = example
                data["elderIdNumber"] = .string(String(format: "2101021940%07dX", index))
                var request = SubmissionRequest(
                    contract: contract.ref, unit: "210102001001", period: "2022-01", data: .object(data))
                request.subjectKey = contract.storedSubjectKey(in: request.data)
                group.addTask { _ = try await store.submit(request, idempotencyKey: "r\(index)", by: staff) }
            }
            try await group.waitForAll()
        }
    }

    /// Submissions erased (no personal field left), untouched (all of them still there), and erasure
    /// audit entries.
    private static func census(_ database: DatabaseQueue) async throws -> (erased: Int, untouched: Int, audited: Int) {
        try await database.read { db in
            let erased =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM submission WHERE erasedAt IS NOT NULL AND subjectKey = ''
                        AND json_extract(data, '$.elderIdNumber') IS NULL AND json_extract(data, '$.elderName') IS NULL
                        """) ?? 0
            let untouched =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM submission WHERE erasedAt IS NULL AND subjectKey != ''
                        AND json_extract(data, '$.elderIdNumber') IS NOT NULL AND json_extract(data, '$.elderName') IS NOT NULL
                        """) ?? 0
            let audited =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM audit WHERE action = 'submission.personal-data-erased'") ?? 0
            return (erased, untouched, audited)
        }
    }
}
