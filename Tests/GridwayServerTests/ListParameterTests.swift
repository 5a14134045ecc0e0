import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every list endpoint checks its paging parameters alike, and no API endpoint takes the first of a
/// repeated parameter: a bad `cursor` or `limit`, or a repeated name, is 400 problem+json naming it.
@Suite(.timeLimit(.minutes(3))) struct ListParameterTests {
    /// Each list endpoint with a key allowed to read it.
    private static let endpoints = [
        ("/v1/submissions", "community"), ("/v1/inbox", "community"), ("/v1/deliveries", "admin"),
    ]

    private func get(_ client: some TestClientProtocol, _ gateway: TestGateway, _ uri: String, as key: String)
        async throws
        -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(uri: uri, method: .get, headers: gateway.headers(key)) { ($0.status, try $0.json) }
    }

    @Test(arguments: [
        ("cursor=zzzz", "cursor"), ("cursor=", "cursor"), ("cursor=0196f7c4-7b1e-7f00-8000-00000000000", "cursor"),
        ("cursor=0196F7C4-7B1E-7F00-8000-000000000000", "cursor"), ("limit=0", "limit"), ("limit=201", "limit"),
        ("limit=ten", "limit"), ("limit=", "limit"), ("limit=5&limit=500", "limit"), ("unit=1&unit=2", "unit"),
    ])
    func aBadPagingParameterIs400OnEveryListEndpoint(query: String, parameter: String) async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            for (path, key) in Self.endpoints {
                let (status, problem) = try await get(client, gateway, "\(path)?\(query)", as: key)
                #expect(status == .badRequest, "\(path)?\(query)")
                #expect(problem["type"] == "/problems/invalid-query", "\(path)?\(query)")
                #expect(problem["parameter"] == .string(parameter), "\(path)?\(query)")
            }
        }
    }

    @Test func aCursorFromAPreviousPageReadsOn() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            for minutes in [30, 40] {
                try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers("community", idempotencyKey: UUID().uuidString),
                    body: try visitBody(minutes: minutes)
                ) { #expect($0.status == .accepted) }
            }
            let (firstStatus, first) = try await get(client, gateway, "/v1/submissions?limit=1", as: "community")
            #expect(firstStatus == .ok)
            let cursor = try #require(first["nextCursor"]?.stringValue)
            let (status, next) = try await get(
                client, gateway, "/v1/submissions?limit=1&cursor=\(cursor)", as: "community")
            #expect(status == .ok)
            #expect(next["items"]?.arrayValue?.count == 1)
            for (path, key) in Self.endpoints {
                #expect(
                    try await get(client, gateway, "\(path)?limit=200&cursor=\(cursor)", as: key).0 == .ok, "\(path)")
            }
        }
    }

    @Test func aRepeatedParameterIsRefusedOnOtherEndpointsToo() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (status, problem) = try await get(
                client, gateway, "/v1/aggregates?contract=elderly-visit@1&contract=elderly-visit@1&unit=210102001001",
                as: "community")
            #expect(status == .badRequest)
            #expect(problem["parameter"] == "contract")
        }
    }
}
