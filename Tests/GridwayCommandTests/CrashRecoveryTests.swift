import Foundation
import GRDB
import GridwayCore
import GridwayJSON
import GridwayTestSupport
import OrderedCollections
import Testing

/// A valid elderly-visit@1 report for `unit`, from the contract's first example.
func visitReport(unit: String = "210102001001", minutes: Int) throws -> JSONValue {
    let contract = try JSONValue(
        parsing: Array(
            try Data(contentsOf: GatewayProcess.repositoryRoot.appendingPathComponent("contracts/elderly-visit@1.json"))
        ))
    guard case .array(let examples)? = contract["examples"], case .object(var data)? = examples.first else {
        throw GatewayProcessError(reason: "elderly-visit@1 has no example")
    }
    data["durationMinutes"] = .integer(Int64(minutes))
    return .object(["contract": "elderly-visit@1", "unit": .string(unit), "period": "2026-11", "data": .object(data)])
}

@Suite(.timeLimit(.minutes(5)), .serialized) struct CrashRecoveryTests {
    @Test func everyAcknowledgedSubmissionSurvivesSIGKILL() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(first.adminKey)
        let receipts = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            for index in 0..<60 {
                group.addTask {
                    try await first.send(
                        "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "crash-\(index)"],
                        body: try visitReport(minutes: index + 1))
                }
            }
            return try await group.reduce(into: [JSONValue]()) { receipts, reply in
                if reply.0 == 202 { receipts.append(reply.1) }
            }
        }
        await first.kill()
        #expect(receipts.count == 60)

        let second = try await GatewayProcess(dataDirectory: directory)
        #expect(second.adminKey == nil, "a restarted server must not create another admin key")
        for receipt in receipts {
            let id = try #require(receipt["id"]?.stringValue)
            let (status, stored) = try await second.send("GET", "/v1/submissions/\(id)", key: admin)
            #expect(status == 200, "acknowledged submission \(id) was lost")
            #expect(stored["digest"] == receipt["digest"])
        }
        await second.terminate()
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.status == 0)
        #expect(verify.output.contains("audit chain intact: 61 entries"))
    }

    @Test func auditVerifyFindsARowEditedBehindTheServersBack() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await GatewayProcess(dataDirectory: directory)
        let admin = try #require(server.adminKey)
        for index in 0..<3 {
            let (status, _) = try await server.send(
                "POST", "/v1/submissions", key: admin, headers: ["Idempotency-Key": "audit-\(index)"],
                body: try visitReport(minutes: 10 + index))
            #expect(status == 202)
        }
        await server.terminate()
        #expect(try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path]).status == 0)

        let database = try DatabaseQueue(path: directory.appendingPathComponent("gridway.sqlite").path)
        try await database.write { db in
            try db.execute(sql: "UPDATE audit SET actor = 'someone-else' WHERE sequence = 3")
        }
        let verify = try await GatewayProcess.run(["audit", "verify", "--data-directory", directory.path])
        #expect(verify.status == 2)
        #expect(verify.output.contains("BROKEN at entry 3"), "\(verify.output)")
    }
}
