import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// A result body addressed to `audience`, edited as needed.
func resultBody(
    kind: String = "notice", title: String = "防汛通知", audience: JSONValue = ["unit": "210102001", "scope": "subtree"],
    edit: (inout OrderedDictionary<String, JSONValue>) -> Void = { _ in }
) -> ByteBuffer {
    var body: OrderedDictionary<String, JSONValue> = [
        "kind": .string(kind), "title": .string(title), "body": "请各社区做好防汛准备。", "audience": audience,
    ]
    edit(&body)
    return ByteBuffer(bytes: JSONValue.object(body).serialized())
}

/// The `task` member asking for elderly-visit@1 reports for 2026-11 by `dueAt`.
func visitTask(dueAt: String) -> JSONValue {
    ["contract": "elderly-visit@1", "period": "2026-11", "dueAt": .string(dueAt)]
}

/// Posts a result and returns the status and reply.
func postResult(
    _ client: some TestClientProtocol, _ gateway: TestGateway, as key: String = "upstream", idempotencyKey: String,
    _ body: ByteBuffer
) async throws -> (HTTPResponse.Status, JSONValue) {
    try await client.execute(
        uri: "/v1/results", method: .post, headers: gateway.headers(key, idempotencyKey: idempotencyKey), body: body
    ) { ($0.status, try $0.json) }
}

@Suite(.timeLimit(.minutes(3))) struct ResultRouteTests {
    @Test func upstreamPublishesToItsJurisdiction() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (status, reply) = try await postResult(client, gateway, idempotencyKey: "r1", resultBody())
            #expect(status == .created)
            #expect(reply["addressed"] == 12, "the street, its 3 communities and their 8 grids")
            #expect(reply["kind"] == "notice")
            #expect(reply["audience"] == ["unit": "210102001", "scope": "subtree"])
            let audit = try await gateway.store.auditEntries(from: 1, limit: 100).map(\.action)
            #expect(audit.last == "result.published")
        }
    }

    @Test(
        arguments: [
            ("upstream", ["unit": "2101", "scope": "unit"]),
            ("upstream", ["units": ["210102001001", "21"]]),
            ("street-upstream", ["unit": "210102002001", "scope": "subtree"]),
            ("street-upstream", ["units": ["210102001001", "210102002"]]),
        ] as [(String, JSONValue)])
    func refusesUnitsOutsideTheJurisdictionStoringNothing(_ sender: String, _ audience: JSONValue) async throws {
        let gateway = try await TestGateway()
        let key = APIKey.generate()
        _ = try await gateway.store.createCredential(
            name: "street upstream", role: .upstream(target: "street-office", jurisdiction: "210102001"),
            keyHash: key.hash, by: "test")
        let before = try await gateway.storedCounts()
        try await gateway.application.test(.router) { client in
            let (status, reply) = try await postResult(
                client, gateway, as: sender == "upstream" ? "upstream" : key.secret, idempotencyKey: "x",
                resultBody(audience: audience))
            #expect(status == .forbidden)
            #expect(reply["type"] == "/problems/out-of-scope")
        }
        #expect(try await gateway.storedCounts().audit == before.audit)
        let ancestors = ["210102001", "210102", "2101", "21"]
        #expect(try await gateway.store.inbox(InboxQuery(unit: "210102001001", ancestors: ancestors)).items.isEmpty)
    }

    @Test func staffMayNotSendResults() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (status, _) = try await postResult(client, gateway, as: "street", idempotencyKey: "x", resultBody())
            #expect(status == .forbidden)
        }
    }

    @Test func validationNamesThePointer() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (status, reply) = try await postResult(
                client, gateway, idempotencyKey: "x", resultBody(kind: "memo", audience: ["units": ["210102001", 7]]))
            #expect(status == .unprocessableContent)
            let locations = reply["errors"]?.arrayValue?.compactMap { $0["instanceLocation"]?.stringValue }
            #expect(locations == ["/kind", "/audience/units/1"])
            let (unknown, problem) = try await postResult(
                client, gateway, idempotencyKey: "y", resultBody(audience: ["units": ["210102001", "210102009"]]))
            #expect(unknown == .unprocessableContent)
            #expect(problem["type"] == "/problems/unknown-unit")
            #expect(problem["errors"]?[0]?["instanceLocation"] == "/audience/units/1")
            try await client.execute(
                uri: "/v1/results", method: .post, headers: gateway.headers("upstream"), body: resultBody()
            ) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func answersMustBeVisibleToTheSenderAndTimesWithinBounds() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let report = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "r"),
                body: try visitBody()
            ) { try $0.json["id"]?.stringValue }
            let id = try #require(report)
            let audited = try await gateway.storedCounts().audit
            func refusal(_ key: String, _ edit: @escaping (inout OrderedDictionary<String, JSONValue>) -> Void)
                async throws
                -> [String]
            {
                let (status, problem) = try await postResult(
                    client, gateway, as: key, idempotencyKey: UUID().uuidString, resultBody(edit: edit))
                #expect(status == .unprocessableContent, "\(problem)")
                return problem["errors"]?.arrayValue?.compactMap { $0["instanceLocation"]?.stringValue } ?? []
            }
            // The district's upstream receives no report (its target consumes nothing): the community's
            // report is as unknown to it as an id that names nothing.
            #expect(
                try await refusal("upstream") { $0["answers"] = [.string(id), "0190ffff-0000-7000-8000-000000000001"] }
                    == ["/answers/0", "/answers/1"])
            #expect(try await refusal("upstream") { $0["expiresAt"] = "2000-01-01T00:00:00Z" } == ["/expiresAt"])
            #expect(try await refusal("upstream") { $0["expiresAt"] = "99999-01-01T00:00:00Z" } == ["/expiresAt"])
            #expect(
                try await refusal("upstream") { body in
                    body["kind"] = "task"
                    body["task"] = visitTask(dueAt: "99999-12-31T16:00:00Z")
                } == ["/task/dueAt"])
            #expect(try await gateway.storedCounts().audit == audited, "nothing refused is stored")
            let (status, _) = try await postResult(
                client, gateway, as: "admin", idempotencyKey: "a", resultBody { $0["answers"] = [.string(id)] })
            #expect(status == .created, "an admin answers any report")
        }
    }

    @Test func sameKeyReplaysDifferentBodyIsRefused() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (_, first) = try await postResult(client, gateway, idempotencyKey: "k", resultBody())
            try await client.execute(
                uri: "/v1/results", method: .post, headers: gateway.headers("upstream", idempotencyKey: "k"),
                body: resultBody()
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let replayed = try response.json
                #expect(replayed["id"] == first["id"])
            }
            let (status, reply) = try await postResult(client, gateway, idempotencyKey: "k", resultBody(title: "另一个通知"))
            #expect(status == .unprocessableContent)
            #expect(reply["type"] == "/problems/idempotency-key-reused")
            #expect(reply["result"] == first["id"])
            let (admin, _) = try await postResult(client, gateway, as: "admin", idempotencyKey: "k", resultBody())
            #expect(admin == .created, "keys are per credential")
        }
    }

    @Test func receiptsRollUpAcknowledgementsPerChildSubtree() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (_, result) = try await postResult(client, gateway, idempotencyKey: "k", resultBody())
            let id = try #require(result["id"]?.stringValue)
            for key in ["community", "street", "community"] {
                try await client.execute(uri: "/v1/inbox/\(id)/ack", method: .post, headers: gateway.headers(key)) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(
                uri: "/v1/results/\(id)/receipts", method: .get, headers: gateway.headers("upstream")
            ) {
                response in
                #expect(response.status == .ok)
                let receipts = try response.json
                #expect(receipts["addressed"] == 12)
                #expect(receipts["acknowledged"] == 2)
                let groups = receipts["groups"]?.arrayValue ?? []
                #expect(groups.map { $0["unit"] } == ["210102001", "210102001001", "210102001002", "210102001003"])
                #expect(groups.map { $0["acknowledged"] } == [1, 1, 0, 0])
                #expect(groups.map { $0["addressed"] } == [1, 4, 3, 4])
                let pending = receipts["pending"]?.arrayValue ?? []
                #expect(pending.count == 10)
                #expect(!pending.contains("210102001001"))
                #expect(pending.contains("210102001001001"))
            }
            for key in ["street", "admin"] {
                try await client.execute(uri: "/v1/results/\(id)/receipts", method: .get, headers: gateway.headers(key))
                {
                    #expect($0.status == (key == "admin" ? .ok : .notFound))
                }
            }
        }
    }
}
