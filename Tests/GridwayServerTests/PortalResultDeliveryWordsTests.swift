import GridwayCore
import GridwayJSON
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import Testing

/// The operator's deliveries page describes a result sent down to a unit's app in words, naming the unit.
@Suite(.timeLimit(.minutes(3))) struct PortalResultDeliveryWordsTests {
    @Test func aResultDeliveryIsDescribedInChineseWithTheUnitsName() async throws {
        try await withStandIn(GrassrootsApp(appKey: "app-key")) { app in
            let gateway = try await FanOutGateway(adapters: [try TestAdapters.communityApp(at: app)])
            try await gateway.base.portalUser("operator", role: .admin)
            try await gateway.application.test(.router) { client in
                let (status, posted) = try await postResult(
                    client, gateway.base, idempotencyKey: "n1", resultBody(audience: ["units": ["210102001001"]]))
                #expect(status == .created)
                let id = try #require(posted["id"]?.stringValue)
                try await eventually("the notice is delivered") {
                    let shown = try await gateway.call(client, .get, "/v1/results/\(id)", key: "upstream").body
                    return shown["deliveries"]?.arrayValue?.first?["state"] == "delivered"
                }
                let browser = PortalBrowser(client)
                try await browser.signIn(username: "operator", password: "correct horse battery")
                let page = try await browser.get("/portal/admin/deliveries").body
                #expect(page.contains("下发结果 \(id)，发往 北京街社区 (210102001001)"))
                #expect(!page.contains("result \(id) for"))
            }
        }
    }
}
