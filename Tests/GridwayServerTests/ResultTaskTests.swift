import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(3))) struct ResultTaskTests {
    private func completeness(_ client: some TestClientProtocol, _ gateway: TestGateway, _ id: String, as key: String)
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(uri: "/v1/results/\(id)/completeness", method: .get, headers: gateway.headers(key)) {
            ($0.status, try $0.json)
        }
    }

    private func submit(_ client: some TestClientProtocol, _ gateway: TestGateway, as key: String, _ body: ByteBuffer)
        async throws -> JSONValue
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post, headers: gateway.headers(key, idempotencyKey: UUID().uuidString),
            body: body
        ) { response in
            #expect(response.status == .accepted)
            return try response.json
        }
    }

    @Test func completenessAcrossThreeLevelsWithACorrectionAndALateSubmission() async throws {
        let clock = TestClock()
        let gateway = try await TestGateway(clock: clock)
        try await gateway.application.test(.router) { client in
            func postTask(_ key: String, dueAt: Date) async throws -> String {
                let (status, task) = try await postResult(
                    client, gateway, idempotencyKey: key,
                    resultBody(kind: "task", title: "十一月走访填报") {
                        $0["task"] = visitTask(dueAt: Timestamp.format(dueAt))
                    })
                #expect(status == .created)
                #expect(task["task"]?["period"] == "2026-11")
                return try #require(task["id"]?.stringValue)
            }
            let upcoming = try await postTask("upcoming", dueAt: clock.date + 3600)

            let original = try await submit(client, gateway, as: "street", try visitBody(unit: "210102001001001"))
            let originalID = try #require(original["id"]?.stringValue)
            _ = try await submit(
                client, gateway, as: "street",
                try visitBody(unit: "210102001001001", minutes: 50, supersedes: originalID))
            _ = try await submit(client, gateway, as: "community", try visitBody(unit: "210102001001"))
            _ = try await submit(client, gateway, as: "admin", try visitBody(unit: "210102002001"))
            let (_, early) = try await completeness(client, gateway, upcoming, as: "upstream")
            #expect(early["submitted"] == 2)
            #expect(early["overdue"] == [], "nothing is overdue before the due time")

            // The same report asked for by a task due now: what came before is on time, what comes after is late.
            clock.advance(by: .seconds(1))
            let id = try await postTask("due-now", dueAt: clock.date)
            clock.advance(by: .seconds(1))
            _ = try await submit(client, gateway, as: "sibling", try visitBody(unit: "210102001002"))

            let (full, all) = try await completeness(client, gateway, id, as: "upstream")
            #expect(full == .ok)
            #expect(all["addressed"] == 12)
            #expect(all["submitted"] == 3, "a correction counts once, the other street's unit not at all")
            #expect(all["late"] == ["210102001002"])
            let groups = all["groups"]?.arrayValue ?? []
            #expect(groups.map { $0["unit"] } == ["210102001", "210102001001", "210102001002", "210102001003"])
            #expect(groups.map { $0["submitted"] } == [0, 2, 1, 0])
            #expect(all["missing"]?.arrayValue?.count == 9)
            #expect(all["overdue"] == all["missing"])

            let (_, street) = try await completeness(client, gateway, id, as: "street")
            #expect(street["submitted"] == 3, "an ancestor sees its whole subtree")
            let (_, community) = try await completeness(client, gateway, id, as: "community")
            #expect(community["addressed"] == 4)
            #expect(community["submitted"] == 2)
            #expect(community["groups"]?.arrayValue?.map { $0["unit"] } == ["210102001001"])
            #expect(community["within"] == "210102001001")
        }
    }

    @Test func aTaskMustNameAKnownContractAndAFittingPeriod() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let cases: [(JSONValue, String)] = [
                (["contract": "nope@1", "period": "2026-11", "dueAt": "2026-12-05T16:00:00Z"], "/task/contract"),
                (
                    ["contract": "elderly-visit@1", "period": "2026-W48", "dueAt": "2026-12-05T16:00:00Z"],
                    "/task/period"
                ),
            ]
            for (index, (task, pointer)) in cases.enumerated() {
                let (status, problem) = try await postResult(
                    client, gateway, idempotencyKey: "k\(index)", resultBody(kind: "task") { $0["task"] = task })
                #expect(status == .unprocessableContent)
                #expect(problem["errors"]?[0]?["instanceLocation"] == .string(pointer))
            }
            let (_, notice) = try await postResult(client, gateway, idempotencyKey: "n", resultBody())
            let id = try #require(notice["id"]?.stringValue)
            let (status, _) = try await completeness(client, gateway, id, as: "upstream")
            #expect(status == .notFound, "a notice has no completeness")
        }
    }
}
