import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import OrderedCollections
import Testing

/// The form's prefill by subject (选择老人), beyond the browser walk of PortalBrowserTests.
@Suite(.timeLimit(.minutes(3))) struct PortalPrefillTests {
    @Test func valuesTheSourcesDisagreeOnAreOfferedAsAChoiceAndNotFilled() async throws {
        guard case .object(var members) = VisitRecords.wang else { return }
        members["elderPhone"] = "13700000000"
        try await withStandIn(JSONDepartment(records: [.object(members)])) { civil in
            let gateway = try await PrefillGateway.make(sources: [civil])
            try await gateway.base.portalUser("liximei", role: .staff(unit: "210102001001"))
            try await gateway.application.test(.router) { client in
                _ = try await PrefillWorld(client: client, gateway: gateway)
                    .submitVisit(about: "210102193805120025", name: "王桂兰", key: "earlier")
                let browser = PortalBrowser(client)
                try await browser.signIn(username: "liximei", password: "correct horse battery")
                let form = try await browser.get(
                    "/portal/forms/elderly-visit@1?period=2026-11&subject=210102193805120025")
                #expect(form.status == .ok)
                #expect(form.body.contains("<fieldset class=\"conflict\"><legend>各来源的值不一致：请选一个，或自己填写</legend>"))
                #expect(
                    form.body.contains("value=\"13700000000\" data-fill=\"f-elderPhone\"> 13700000000（测试数据源 a-civil）"))
                #expect(form.body.contains("value=\"024-23456789\" data-fill=\"f-elderPhone\"> 024-23456789（上次填报（"))
                let phoneInput = form.body.components(separatedBy: "id=\"f-elderPhone\" name=\"elderPhone\"")
                    .dropFirst().first?
                    .prefix { $0 != ">" }
                #expect(phoneInput?.contains("value=\"\"") == true, "left for the worker")
                #expect(form.body.contains("value=\"王桂兰\""), "the name all sources agree on is filled")
            }
        }
    }
}
