import Foundation
import GridwayCore
import GridwayJSON
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Results go down into legacy apps: a `notify` adapter's app receives every result addressed to a
/// unit in its jurisdiction, through the outbox dispatcher, and the sender sees each delivery's state.
@Suite(.timeLimit(.minutes(3))) struct ResultNotifyTests {
    @Test func aResultReachesTheCommunityAppThroughNotifyWithARetryOnTheWay() async throws {
        try await withStandIn(GrassrootsApp(appKey: "app-key")) { app in
            app.control.fail(.serverError, times: 1)
            let gateway = try await FanOutGateway(
                adapters: [try TestAdapters.communityApp(at: app)],
                configuration: "targets: {legacy-community-app: {retryDelay: 10ms, maxRetryDelay: 20ms}}")
            let audience: JSONValue = ["units": ["210102001001", "210102001002"]]
            try await gateway.application.test(.router) { client in
                let (status, posted) = try await postResult(
                    client, gateway.base, idempotencyKey: "n1", resultBody(audience: audience))
                #expect(status == .created)
                let id = try #require(posted["id"]?.stringValue)

                var shown: JSONValue = .null
                try await eventually("both notices are delivered: \(shown["deliveries"] ?? .null)") {
                    shown = try await gateway.call(client, .get, "/v1/results/\(id)", key: "upstream").body
                    let deliveries = shown["deliveries"]?.arrayValue ?? []
                    return deliveries.count == 2 && deliveries.allSatisfy { $0["state"] == "delivered" }
                }
                let deliveries = shown["deliveries"]?.arrayValue ?? []
                #expect(deliveries.map { $0["unit"] } == ["210102001001", "210102001002"])
                #expect(deliveries.allSatisfy { $0["target"] == "legacy-community-app" && $0["result"] == .string(id) })
                #expect(deliveries.compactMap { $0["attempts"]?.intValue }.sorted() == [1, 2], "one retry on the way")
                #expect(deliveries.allSatisfy { $0["receipt"]?.stringValue?.hasPrefix("TZ") == true })

                let pushes = app.control.requests.filter { $0.path == "/api/tzgg/push" }
                #expect(pushes.count == 3)
                for push in pushes {
                    let unit = try #require(push.json?["jsdw"]?.stringValue)
                    #expect(push.header("Idempotency-Key") == "gridway:\(id):\(unit):legacy-community-app")
                    #expect(push.json?["tzbh"] == .string(id))
                    #expect(push.json?["tzlb"] == "TZ")
                    #expect(push.json?["bt"] == "防汛通知")
                }
                #expect(Set(pushes.compactMap { $0.header("Idempotency-Key") }).count == 2, "a retry reuses its key")
            }
        }
    }

    @Test func aResultIsShownToItsSenderAndToTheUnitsItAddressesOnly() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (_, posted) = try await postResult(
                client, gateway, idempotencyKey: "n1", resultBody(audience: ["units": ["210102001001"]]))
            let id = try #require(posted["id"]?.stringValue)
            func show(as key: String) async throws -> (HTTPResponse.Status, JSONValue) {
                try await client.execute(
                    uri: "/v1/results/\(id)", method: .get, headers: gateway.headers(key, contentType: nil)
                ) { ($0.status, try $0.json) }
            }
            let (senderStatus, sender) = try await show(as: "upstream")
            #expect(senderStatus == .ok)
            #expect(sender["deliveries"] == [], "no notify adapter is configured")
            let (adminStatus, _) = try await show(as: "admin")
            #expect(adminStatus == .ok)
            let (unitStatus, unit) = try await show(as: "community")
            #expect(unitStatus == .ok)
            #expect(unit["state"] == "unread")
            #expect(unit["deliveries"] == nil, "a unit does not see where else the result went")
            for outsider in ["sibling", "street"] {
                let (status, problem) = try await show(as: outsider)
                #expect(status == .notFound, "\(outsider)")
                #expect(problem["detail"]?.stringValue?.contains("210102001001") != true)
            }
        }
    }
}
