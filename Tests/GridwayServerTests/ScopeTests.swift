import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

@Suite(.timeLimit(.minutes(3))) struct ScopeTests {
    private func submit(
        _ client: some TestClientProtocol, _ gateway: TestGateway, as key: String, unit: String, idempotencyKey: String
    )
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        try await client.execute(
            uri: "/v1/submissions", method: .post, headers: gateway.headers(key, idempotencyKey: idempotencyKey),
            body: try visitBody(unit: unit)
        ) { ($0.status, try $0.json) }
    }

    @Test func communityCannotSubmitForOrReadItsSibling() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (status, _) = try await submit(
                client, gateway, as: "community", unit: "210102001002", idempotencyKey: "a")
            #expect(status == .forbidden)
            let (siblingStatus, receipt) = try await submit(
                client, gateway, as: "sibling", unit: "210102001002", idempotencyKey: "a")
            #expect(siblingStatus == .accepted)
            let id = try #require(receipt["id"]?.stringValue)
            let missing = try await client.execute(
                uri: "/v1/submissions/0190ffff-0000-7000-8000-000000000000", method: .get,
                headers: gateway.headers("community")
            ) { ($0.status, try $0.json) }
            try await client.execute(uri: "/v1/submissions/\(id)", method: .get, headers: gateway.headers("community"))
            {
                response in
                #expect(response.status == .notFound)
                var body = try response.json
                var other = missing.1
                body = .object(body.objectValue!.filter { $0.key != "detail" })
                other = .object(other.objectValue!.filter { $0.key != "detail" })
                #expect(body == other, "a hidden submission must look exactly like a missing one")
            }
            try await client.execute(
                uri: "/v1/submissions?unit=210102001002", method: .get, headers: gateway.headers("community")
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers("community")) {
                response in
                let page = try response.json
                #expect(page["items"] == .array([]))
            }
        }
    }

    @Test func streetActsForItsCommunitiesAndGrids() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            for (index, unit) in ["210102001001", "210102001002", "210102001001001"].enumerated() {
                let (status, _) = try await submit(
                    client, gateway, as: "street", unit: unit, idempotencyKey: "k\(index)")
                #expect(status == .accepted, "street may submit for \(unit)")
            }
            let (outside, _) = try await submit(
                client, gateway, as: "street", unit: "210102002001", idempotencyKey: "k9")
            #expect(outside == .forbidden)
            try await client.execute(
                uri: "/v1/submissions?unit=210102001&limit=2", method: .get, headers: gateway.headers("street")
            ) { response in
                let page = try response.json
                #expect(page["items"]?.arrayValue?.count == 2)
                let cursor = try #require(page["nextCursor"]?.stringValue)
                try await client.execute(
                    uri: "/v1/submissions?unit=210102001&limit=2&cursor=\(cursor)", method: .get,
                    headers: gateway.headers("street")
                ) { response in
                    let next = try response.json
                    #expect(next["items"]?.arrayValue?.count == 1)
                }
            }
            try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers("sibling")) {
                response in
                let page = try response.json
                #expect(page["items"]?.arrayValue?.count == 1, "sibling sees only its own subtree")
            }
            try await client.execute(uri: "/v1/submissions", method: .get, headers: gateway.headers("upstream")) {
                response in
                let page = try response.json
                #expect(
                    page["items"]?.arrayValue?.count == 0,
                    "an upstream reads only the reports its target receives, and none goes to district-civil-affairs")
            }
        }
    }

    @Test func everyEndpointButHealthNeedsAKey() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            for path in [
                "/v1/contracts", "/v1/contracts/elderly-visit@1", "/v1/submissions", "/v1/submissions/x",
                "/openapi.yaml",
                "/v2/anything",
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"gridway\"")
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
