import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// The aggregates page and the inbox as a community worker reads them: titles instead of names,
/// the unit's own reports as 本级直报, the sender's name and an aggregate's figures.
@Suite(.timeLimit(.minutes(3))) struct PortalAggregatesInboxTests {
    /// 北京街社区 files two visits (40 and 20 minutes, 入户走访 and 电话问候), 太原街街道 one of its own
    /// (50 minutes): the street's page shows the measures by title, the values by their enum titles,
    /// and a 本级直报 row with the street's own visit, so the rows add up to the total.
    @Test func aggregatesShowTitlesAndTheUnitsOwnReports() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("zhaoli", role: .staff(unit: "210102001"))
        try await gateway.application.test(.router) { client in
            func submit(_ key: String, unit: String, minutes: Int, type: String, idempotencyKey: String) async throws {
                let body = try visitBody(unit: unit, minutes: minutes) { $0["visitType"] = .string(type) }
                let status = try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers(key, idempotencyKey: idempotencyKey), body: body
                ) { $0.status }
                #expect(status == .accepted)
            }
            try await submit("community", unit: "210102001001", minutes: 40, type: "home", idempotencyKey: "a")
            try await submit("community", unit: "210102001001", minutes: 20, type: "phone", idempotencyKey: "b")
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "zhaoli", password: "correct horse battery")
            let before = try await browser.get("/portal/aggregates?period=2026-11")
            #expect(before.status == .ok)
            #expect(!before.body.contains("<tr class=\"own\">"), "no row while the street has no report of its own")
            #expect(!before.body.contains("本级直报"))

            try await submit("street", unit: "210102001", minutes: 50, type: "home", idempotencyKey: "c")
            let page = try await browser.get("/portal/aggregates?period=2026-11").body
            #expect(page.contains("<th scope=\"col\">走访总时长（分钟）</th>"))
            #expect(page.contains("<option value=\"visits\" selected>走访次数</option>"))
            #expect(page.contains("<option value=\"totalMinutes\">走访总时长（分钟）</option>"))
            #expect(!page.contains(">totalMinutes<") && !page.contains(">visits<"))
            let own = try #require(Self.row(startingWith: "<tr class=\"own\"><th scope=\"row\">本级直报</th>", in: page))
            #expect(own.contains("data-label=\"填报数\">1</td>"))
            #expect(own.contains("data-label=\"走访总时长（分钟）\">50</td>"))
            #expect(own.contains("data-label=\"最长走访时长（分钟）\">50</td>"))
            #expect(page.contains("data-label=\"走访总时长（分钟）\">110</td>"), "the total")
            #expect(page.contains("<caption>按走访方式</caption>"))
            let home = try #require(Self.row(startingWith: "<tr><th scope=\"row\">入户走访</th>", in: page))
            #expect(home.contains("data-label=\"走访总时长（分钟）\">90</td>"))
            #expect(page.contains("<th scope=\"row\">电话问候</th>"))
            #expect(page.contains("<th scope=\"row\">一般</th>"), "healthStatus fair by its title")
            #expect(page.contains("class=\"chart-label\">本级直报</text>"), "the chart by unit has the bar too")

            let answer = try await client.execute(
                uri: "/v1/aggregates?contract=elderly-visit@1&unit=210102001&period=2026-11&by=child", method: .get,
                headers: gateway.headers("street")
            ) { try $0.json }
            #expect(answer["own"]?["submissions"] == 1)
            #expect(
                answer["own"]?["measures"]
                    == ["visits": 1, "totalMinutes": 50, "averageMinutes": 50, "longestMinutes": 50])
        }
    }

    /// An upper-level system's task and aggregate reach 北京街社区: the inbox names the system (its
    /// adapter's title, not the key), the task's contract by its title, and the figures in a table.
    @Test func theInboxNamesTheSenderTheContractAndShowsTheFigures() async throws {
        let adapter = try TestAdapters.shipped(
            "civil-affairs-elderly", settings: ["CIVIL_AFFAIRS_URL": "http://127.0.0.1:9", "CIVIL_AFFAIRS_TOKEN": "t"])
        let gateway = try await AdapterTestGateway(adapters: [adapter])
        let key = APIKey.generate()
        let credential = try await gateway.base.store.createCredential(
            name: "民政局上报密钥", role: .upstream(target: "civil-affairs-elderly", jurisdiction: "210102"),
            keyHash: key.hash, by: "test")
        try await gateway.base.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            func send(_ body: ByteBuffer, idempotencyKey: String) async throws {
                var headers = gateway.base.headers(nil, idempotencyKey: idempotencyKey)
                headers[.authorization] = "Bearer \(key.secret)"
                let status = try await client.execute(uri: "/v1/results", method: .post, headers: headers, body: body) {
                    $0.status
                }
                #expect(status == .created)
            }
            try await send(
                resultBody(kind: "task", title: "11 月走访", audience: ["units": ["210102001001"]]) {
                    $0["task"] = visitTask(dueAt: "2026-11-20T16:00:00Z")
                }, idempotencyKey: "task")
            try await send(
                resultBody(kind: "aggregate", title: "11 月走访汇总", audience: ["units": ["210102001001"]]) {
                    $0["data"] = [
                        "contract": "elderly-visit@1", "period": "2026-11",
                        "measures": ["visits": 12, "totalMinutes": 480, "averageMinutes": 40.5],
                    ]
                }, idempotencyKey: "aggregate")
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let inbox = try await browser.get("/portal/inbox").body
            #expect(inbox.contains("<span class=\"sender\">发送方：沈阳市民政局居家养老服务信息系统</span>"))
            #expect(!inbox.contains(credential.id) && !inbox.contains("民政局上报密钥"))
            #expect(inbox.contains("填报 独居/空巢老人走访记录，周期 2026-11"))
            #expect(!inbox.contains("填报 elderly-visit@1"))
            #expect(inbox.contains("<caption>汇总数字 · 独居/空巢老人走访记录 · 2026-11</caption>"))
            #expect(inbox.contains("<tr><th scope=\"row\">走访次数</th><td class=\"num\">12</td></tr>"))
            #expect(inbox.contains("<tr><th scope=\"row\">走访总时长（分钟）</th><td class=\"num\">480</td></tr>"))
            #expect(inbox.contains("<tr><th scope=\"row\">平均走访时长（分钟）</th><td class=\"num\">40.50</td></tr>"))
        }
    }

    /// The table row of `page` that starts with `start`, up to its `</tr>`.
    static func row(startingWith start: String, in page: String) -> String? {
        guard let from = page.range(of: start),
            let end = page.range(of: "</tr>", range: from.upperBound..<page.endIndex)
        else { return nil }
        return String(page[from.lowerBound..<end.upperBound])
    }
}
