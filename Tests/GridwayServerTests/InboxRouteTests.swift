import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(3))) struct InboxRouteTests {
    private func inbox(_ client: some TestClientProtocol, _ gateway: TestGateway, as key: String, query: String = "")
        async throws -> JSONValue
    {
        try await client.execute(uri: "/v1/inbox\(query)", method: .get, headers: gateway.headers(key)) { response in
            #expect(response.status == .ok)
            return try response.json
        }
    }

    private func titles(_ page: JSONValue) -> [String] {
        page["items"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
    }

    @Test func communitySeesItsOwnAndItsStreetsSubtreeButNotASiblings() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let sends: [(String, JSONValue)] = [
                ("街道全体", ["unit": "210102001", "scope": "subtree"]),
                ("仅街道", ["unit": "210102001", "scope": "unit"]),
                ("中华路", ["unit": "210102001002", "scope": "subtree"]),
                ("北京街", ["units": ["210102001001", "210102002001"]]),
                ("南市场街道全体", ["unit": "210102002", "scope": "subtree"]),
            ]
            for (index, (title, audience)) in sends.enumerated() {
                let (status, _) = try await postResult(
                    client, gateway, idempotencyKey: "k\(index)", resultBody(title: title, audience: audience))
                #expect(status == .created)
            }
            #expect(titles(try await inbox(client, gateway, as: "community")) == ["北京街", "街道全体"])
            #expect(titles(try await inbox(client, gateway, as: "sibling")) == ["中华路", "街道全体"])
            #expect(titles(try await inbox(client, gateway, as: "street")) == ["仅街道", "街道全体"])
            try await client.execute(uri: "/v1/inbox", method: .get, headers: gateway.headers("upstream")) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func filtersPaginatesAndHidesExpired() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let community: JSONValue = ["units": ["210102001001"]]
            for (index, kind) in ["notice", "task", "feedback", "task"].enumerated() {
                _ = try await postResult(
                    client, gateway, idempotencyKey: "k\(index)",
                    resultBody(kind: kind, title: "第\(index)条", audience: community) {
                        if kind == "task" { $0["task"] = visitTask(dueAt: "2026-12-05T16:00:00Z") }
                    })
            }
            // A result that expired after it was sent (the API refuses one already past), stored directly.
            let sender = try #require(try await gateway.store.credentials().first { $0.name == "upstream" })
            _ = try await gateway.store.publish(
                ResultRequest(
                    kind: .notice, title: "过期", body: "已过期", audience: .units(["210102001001"]),
                    expiresAt: Date(timeIntervalSince1970: 1_577_836_800)),
                addressedCount: 1, notifying: [], idempotencyKey: "expired", sentBy: sender.id)
            #expect(titles(try await inbox(client, gateway, as: "community", query: "?kind=task")) == ["第3条", "第1条"])
            let first = try await inbox(client, gateway, as: "community", query: "?limit=3")
            #expect(titles(first) == ["第3条", "第2条", "第1条"])
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let second = try await inbox(client, gateway, as: "community", query: "?limit=3&cursor=\(cursor)")
            #expect(titles(second) == ["第0条"])
            #expect(second["nextCursor"] == .null)
            try await client.execute(uri: "/v1/inbox?kind=memo", method: .get, headers: gateway.headers("community")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func acknowledgingMarksReadForThatUnitOnly() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (_, result) = try await postResult(client, gateway, idempotencyKey: "k", resultBody())
            let id = try #require(result["id"]?.stringValue)
            var stamps: [JSONValue?] = []
            for _ in 0..<2 {
                try await client.execute(
                    uri: "/v1/inbox/\(id)/ack", method: .post, headers: gateway.headers("community")
                ) {
                    #expect($0.status == .ok)
                    stamps.append(try $0.json["acknowledgedAt"])
                }
            }
            #expect(stamps[0] == stamps[1], "a second acknowledgement changes nothing")
            let mine = try await inbox(client, gateway, as: "community")
            #expect(mine["items"]?[0]?["state"] == "acknowledged")
            #expect(titles(try await inbox(client, gateway, as: "community", query: "?unread=true")).isEmpty)
            #expect(titles(try await inbox(client, gateway, as: "sibling", query: "?unread=true")) == ["防汛通知"])
            let audit = try await gateway.store.auditEntries(from: 1, limit: 100).map(\.action)
            #expect(audit.filter { $0 == "result.acknowledged" }.count == 1)
        }
    }

    @Test func acknowledgingAResultNotAddressedToTheUnitIs404() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (_, result) = try await postResult(
                client, gateway, idempotencyKey: "k", resultBody(audience: ["units": ["210102001002"]]))
            let id = try #require(result["id"]?.stringValue)
            for (key, status) in [("community", HTTPResponse.Status.notFound), ("street", .notFound), ("sibling", .ok)]
            {
                try await client.execute(uri: "/v1/inbox/\(id)/ack", method: .post, headers: gateway.headers(key)) {
                    #expect($0.status == status, "\(key)")
                }
            }
            try await client.execute(uri: "/v1/inbox/nope/ack", method: .post, headers: gateway.headers("sibling")) {
                #expect($0.status == .notFound)
            }
        }
    }
}
