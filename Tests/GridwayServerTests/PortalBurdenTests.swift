import Foundation
import GridwayCore
import GridwaySQLite
import GridwayServer
import GridwayStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The portal's report form sends its prefill token back, so burden accounting counts what the worker kept.
@Suite(.timeLimit(.minutes(3))) struct PortalBurdenTests {
    @Test func aPrefilledFormCountsTheValuesKeptAsOffered() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (browser, form) = try await PortalStaffTests.openPrefilledForm(gateway, client)
            let match = try #require(form.body.firstMatch(of: /name="_prefill" value="([A-Za-z0-9_.-]+)"/))
            // The elder's name, ID number and address kept as offered (her phone, offered too, is not
            // posted); the visit's own fields, never offered, typed: date, type, duration (45), health,
            // needs and visitor: 9 filled, 3 kept, 6 typed.
            let fields = PortalStaffTests.visitForm(minutes: "45") + [("_prefill", String(match.output.1))]
            #expect(try await browser.post("/portal/forms/elderly-visit@1", fields).status == .seeOther)
            let figures = try await gateway.store.burden(
                contract: BurdenRowKey.all, period: BurdenRowKey.all, units: ["210102001001"])["210102001001"]
            #expect(figures?.submissions == 2)
            #expect(figures?.fieldsKept == 3)
            #expect(figures?.fieldsTyped == 17, "11 of the first report, typed from scratch through the API, and 6")
        }
    }
}
