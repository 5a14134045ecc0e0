import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// `GET /v1/aggregates`: subtree figures, breakdowns, scope and bad queries.
@Suite(.timeLimit(.minutes(3))) struct AggregateRouteTests {
    /// Three visits below 太原街街道 (two in 北京街社区, one corrected, one in 中华路社区) and one in another street.
    private func populated() async throws -> TestGateway {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            func submit(_ body: ByteBuffer, as key: String = "admin") async throws -> String {
                try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers(key, idempotencyKey: UUID().uuidString),
                    body: body
                ) { response in
                    #expect(response.status == .created || response.status == .accepted || response.status == .ok)
                    return try response.json["id"]?.stringValue ?? ""
                }
            }
            let first = try await submit(try visitBody(unit: "210102001001001", minutes: 30))
            _ = try await submit(try visitBody(unit: "210102001001002", minutes: 50) { $0["visitType"] = "phone" })
            _ = try await submit(try visitBody(unit: "210102001002001", minutes: 20))
            _ = try await submit(try visitBody(unit: "210102002001001", minutes: 90))
            _ = try await submit(try visitBody(unit: "210102001001001", minutes: 40, supersedes: first))
        }
        return gateway
    }

    private func get(_ gateway: TestGateway, _ path: String, as key: String) async throws -> (
        HTTPResponse.Status, JSONValue
    ) {
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: gateway.headers(key)) {
                ($0.status, try $0.json)
            }
        }
    }

    @Test func theTotalsOfASubtreeCountTheCorrectionNotTheOriginal() async throws {
        let gateway = try await populated()
        let (status, body) = try await get(
            gateway, "/v1/aggregates?contract=elderly-visit@1&unit=210102001&period=2026-11", as: "street")
        #expect(status == .ok)
        #expect(body["unit"] == "210102001")
        #expect(body["totals"]?["submissions"] == 3)
        #expect(
            body["totals"]?["measures"] == [
                "visits": 3, "totalMinutes": 110, "averageMinutes": .number(110.0 / 3), "longestMinutes": 50,
            ])
        let (_, district) = try await get(
            gateway, "/v1/aggregates?contract=elderly-visit@1&unit=210102&period=2026-11", as: "upstream")
        #expect(district["totals"]?["measures"]?["totalMinutes"] == 200)
    }

    @Test func breakdownByChildListsEveryChild() async throws {
        let gateway = try await populated()
        let (status, body) = try await get(
            gateway, "/v1/aggregates?contract=elderly-visit@1&unit=210102001&period=2026-11&by=child", as: "street")
        #expect(status == .ok)
        #expect(body["by"] == "child")
        let items = body["breakdown"]?.arrayValue ?? []
        #expect(items.compactMap { $0["unit"]?.stringValue } == ["210102001001", "210102001002", "210102001003"])
        #expect(items.map { $0["measures"]?["totalMinutes"] } == [90, 20, 0])
        #expect(items.last?["measures"]?["averageMinutes"] == .null)
        #expect(items.first?["name"] == "北京街社区")
    }

    @Test func breakdownByDimensionListsEachValue() async throws {
        let gateway = try await populated()
        let (status, body) = try await get(
            gateway, "/v1/aggregates?contract=elderly-visit@1&unit=210102001001&period=2026-11&by=visitType",
            as: "community")
        #expect(status == .ok)
        #expect(body["by"] == "visitType")
        let items = Dictionary(
            uniqueKeysWithValues: (body["breakdown"]?.arrayValue ?? []).compactMap { item in
                item["value"]?.stringValue.map { ($0, item["measures"]?["totalMinutes"]) }
            })
        #expect(items == ["home": 40, "phone": 50])
    }

    @Test(arguments: [
        ("community", "210102001", HTTPResponse.Status.forbidden),
        ("sibling", "210102001001", .forbidden),
        ("upstream", "2101", .forbidden),
        ("upstream", "210102003", .ok),
        ("community", "210102001001002", .ok),
        ("admin", "21", .ok),
    ])
    func scopeLimitsWhichSubtreesMayBeRead(key: String, unit: String, status: HTTPResponse.Status) async throws {
        let gateway = try await TestGateway()
        let (actual, body) = try await get(
            gateway, "/v1/aggregates?contract=elderly-visit@1&unit=\(unit)&period=2026-11", as: key)
        #expect(actual == status)
        if status == .forbidden { #expect(body["type"]?.stringValue?.hasSuffix("out-of-scope") == true) }
    }

    @Test(arguments: [
        ("contract=nothing@1&unit=21&period=2026-11", HTTPResponse.Status.unprocessableContent, "unknown-contract"),
        ("contract=elderly-visit@1&unit=99&period=2026-11", .unprocessableContent, "unknown-unit"),
        ("contract=elderly-visit@1&unit=21&period=2026-13", .unprocessableContent, "invalid-period"),
        ("contract=elderly-visit@1&unit=21", .unprocessableContent, "invalid-period"),
        ("contract=elderly-visit@1&unit=21&period=2026-11&by=colour", .badRequest, "invalid-query"),
        ("unit=21&period=2026-11", .badRequest, "invalid-query"),
    ])
    func badQueriesAreProblems(query: String, status: HTTPResponse.Status, type: String) async throws {
        let gateway = try await TestGateway()
        let (actual, body) = try await get(gateway, "/v1/aggregates?\(query)", as: "admin")
        #expect(actual == status)
        #expect(body["type"]?.stringValue?.hasSuffix(type) == true, "\(body)")
    }
}
