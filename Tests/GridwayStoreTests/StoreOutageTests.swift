import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Testing

/// An SQLite database that cannot grow (`PRAGMA max_page_count` on the store's writer, SQLite's
/// `SQLITE_FULL` as on a full disk) is reported as ``StoreError/unavailable(retryAfter:cause:)``, and
/// writes resume once it may grow again. (PostgreSQL's outage: `FaultPostgresOutageTests`.)
@Suite(.timeLimit(.minutes(2))) struct StoreOutageTests {
    @Test func aFullDatabaseIsUnavailableUntilThereIsRoomAgain() async throws {
        let temporary = try TemporaryStore()
        let sqlite = try #require(temporary.sqlite)
        let staff = Credential(id: "key_staff", name: "staff", role: .admin, createdAt: Date())
        let report = SubmissionRequest(
            contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
            data: ["durationMinutes": 30, "notes": .string(String(repeating: "独居老人，状态良好。", count: 20_000))])
        try await sqlite.pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }

        do {
            let outcome = try await sqlite.submit(report, idempotencyKey: "full", by: staff)
            Issue.record("stored although the database cannot grow: \(outcome)")
        } catch StoreError.unavailable(let retryAfter, let cause) {
            #expect(retryAfter == .seconds(5))
            #expect(cause.contains("SQLite error 13"), "SQLITE_FULL: \(cause)")
        }
        #expect(try await sqlite.submissions(matching: .init()).items.isEmpty, "nothing of the refused write is stored")

        try await sqlite.pool.write { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        guard case .accepted = try await sqlite.submit(report, idempotencyKey: "full", by: staff) else {
            Issue.record("the same request was not accepted once there was room")
            return
        }
    }
}
