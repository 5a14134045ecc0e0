import Foundation
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import Testing

/// `gridway migrate-store` copies a store a real server filled, and a server on the copy answers alike.
@Suite(.timeLimit(.minutes(5)), .serialized) struct MigrateStoreCommandTests {
    @Test(.enabled(if: TestDatabase.serverURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set: no PostgreSQL to copy to"))
    func aServerOnTheCopyAnswersLikeTheOriginalAndCopyingAgainIsSafe() async throws {
        let database = try await TestDatabase.create()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(original.adminKey)
        for index in 0..<5 {
            let (status, _) = try await original.send(
                "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "m-\(index)"],
                body: try visitReport(minutes: index + 1))
            #expect(status == 202)
        }
        let before = try await original.send("GET", "/v1/submissions", key: admin)
        await original.terminate()

        let arguments = [
            "migrate-store", "--from", "sqlite:" + directory.appendingPathComponent("gridway.sqlite").path,
            "--to", "postgres:" + database.url,
        ]
        let first = try await GatewayProcess.run(arguments)
        let second = try await GatewayProcess.run(arguments)
        let copy = try await FanOutServeProcess(
            dataDirectory: directory.appendingPathComponent("unused"),
            environment: ["GRIDWAY_STORE": "postgres", "GRIDWAY_POSTGRES_URL": database.url])
        let after = try await copy.request("GET", "/v1/submissions", key: admin)
        await copy.kill()
        try await database.drop()

        #expect(first.status == 0 && first.output.contains("✓ submission: 5 → 5"), "\(first.output)")
        #expect(second.status == 0 && second.output.contains("audit chain intact"), "\(second.output)")
        #expect(copy.adminKey == nil, "the copied admin key still works; no new one is made")
        #expect(after.status == 200)
        #expect(after.body == before.body)
        #expect(after.body["items"]?.arrayValue?.count == 5)
    }
}
