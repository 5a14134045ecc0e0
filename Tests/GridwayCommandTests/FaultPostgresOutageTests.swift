import Foundation
import FoundationNetworking
import GridwayCore
import GridwayJSON
import Testing

/// The real `gridway serve` on PostgreSQL, reaching the database through a loopback proxy that is closed
/// mid-run: to the server the database has gone away (its connections cut, new ones refused) while the
/// shared PostgreSQL server runs on for every other test.
@Suite(.timeLimit(.minutes(3))) struct FaultPostgresOutageTests {
    @Test(.enabled(if: TestDatabase.serverURL != nil, "GRIDWAY_TEST_POSTGRES_URL is not set: no PostgreSQL to lose"))
    func aLostDatabaseAnswers503WithRetryAfterAndTheServerGoesOn() async throws {
        let database = try await TestDatabase.create()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var components = try #require(URLComponents(string: database.url))
        let proxy = try LoopbackProxy(forwardingTo: UInt16(components.port ?? 5432))
        components.host = "127.0.0.1"
        components.port = Int(proxy.port)
        let server = try await FanOutServeProcess(
            dataDirectory: directory.appendingPathComponent("unused"),
            environment: ["GRIDWAY_STORE": "postgres", "GRIDWAY_POSTGRES_URL": try #require(components.string)])
        let admin = try #require(server.adminKey)
        let before = try await server.request(
            "POST", "/v1/submissions", key: admin, idempotencyKey: "before", body: try visitReport(minutes: 10))
        #expect(before.status == 202, "\(before.body)")

        proxy.close()
        let (response, problem) = try await server.exchange(
            "POST", "/v1/submissions", key: admin, idempotencyKey: "during", body: try visitReport(minutes: 20))
        #expect(response.statusCode == 503, "\(problem)")
        #expect(response.value(forHTTPHeaderField: "Retry-After") == "5")
        #expect(response.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect(problem["type"] == "/problems/storage-unavailable")
        #expect(problem["retryAfter"] == 5)
        let read = try await server.request("GET", "/v1/submissions", key: admin)
        #expect(read.status == 503, "a read is refused the same way: \(read.body)")
        let health = try await server.request("GET", "/healthz", key: admin)
        #expect(health.status == 200, "the server keeps running while the database is away")
        let ready = try await server.request("GET", "/readyz", key: admin)
        #expect(ready.status == 503, "not ready while the database is away: \(ready.body)")

        await server.kill()
        try await database.drop()
    }
}
