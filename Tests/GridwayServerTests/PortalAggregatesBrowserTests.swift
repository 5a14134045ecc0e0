import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// The aggregates page and the inbox in a real headless Chromium, at desktop and phone widths.
@Suite(
    .timeLimit(.minutes(3)), .serialized,
    .enabled(if: BrowserSession.programs != nil, Comment(rawValue: BrowserSession.unavailableReason)))
struct PortalAggregatesBrowserTests {
    /// The smallest chart text on the page, in CSS pixels as drawn (font size times the SVG's scale).
    static let smallestChartText = """
        return Math.min(...Array.from(document.querySelectorAll('svg text')).map(t => {
          const svg = t.ownerSVGElement;
          return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        }));
        """

    /// 北京街社区 files two visits of its own and one in its first grid: its worker sees the grids and a
    /// 本级直报 row adding up to the total, chart labels at least 12 px high on a 390-px phone, and an
    /// aggregate result's figures by measure title in the inbox.
    @Test func aggregatesAndInboxReadWellOnDesktopAndPhone() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.live) { client in
            let port = try #require(client.port)
            let portal = "http://127.0.0.1:\(port)/portal"
            for (index, unit) in ["210102001001", "210102001001", "210102001001001"].enumerated() {
                let status = try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers("community", idempotencyKey: "visit-\(index)"),
                    body: try visitBody(unit: unit, minutes: 20 + 10 * index)
                ) { $0.status }
                #expect(status == .accepted)
            }
            let (published, _) = try await postResult(
                client, gateway, idempotencyKey: "figures",
                resultBody(kind: "aggregate", title: "11 月走访汇总", audience: ["units": ["210102001001"]]) {
                    $0["data"] = ["contract": "elderly-visit@1", "period": "2026-11", "measures": ["visits": 12]]
                })
            #expect(published == .created)

            let browser = try await BrowserSession.start()
            do {
                try await browser.signIn(portal: portal, username: "liximei")
                try await browser.open(portal + "/aggregates?period=2026-11")
                let own = try await browser.text("tr.own")
                #expect(own.contains("本级直报") && own.contains("50"), "20 + 30 minutes filed at the community: \(own)")
                #expect(try await browser.text("thead").contains("走访总时长（分钟）"))
                #expect(try await browser.text("main").contains("入户走访"))
                let desktop = try #require(try await browser.run(Self.smallestChartText).doubleValue)
                #expect(desktop >= 12)
                try await browser.resize(width: 390, height: 844)
                let phone = try #require(try await browser.run(Self.smallestChartText).doubleValue)
                #expect(phone >= 12, "chart text is \(phone) px on a phone")
                try await browser.open(portal + "/inbox")
                #expect(try await browser.text("table.figures").contains("走访次数"))
                #expect(try await browser.text(".inbox-item .sender").contains("upstream"))
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }
}
