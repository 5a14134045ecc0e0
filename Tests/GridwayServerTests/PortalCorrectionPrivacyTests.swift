import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import Hummingbird
import HummingbirdTesting
import Testing

/// A correction form hides personal fields as the detail page does: kept unseen, they keep their value; shown
/// for editing, the reveal is audited.
@Suite(.timeLimit(.minutes(3))) struct PortalCorrectionPrivacyTests {
    /// The personal fields of elderly-visit@1 that the form fills in.
    static let personal: Set<String> = ["elderName", "elderIdNumber", "address"]

    /// Stores a report through the form and returns its id.
    private func original(_ browser: PortalBrowser) async throws -> String {
        try await browser.get("/portal/forms/elderly-visit@1")
        let first = try await browser.post("/portal/forms/elderly-visit@1", PortalStaffTests.visitForm(minutes: "40"))
        return try #require(first.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
    }

    /// The correction form's fields as posted: personal ones left out and marked kept, as the page sends them.
    private func correction(of original: String, minutes: String, extra: [(String, String)] = []) -> [(String, String)]
    {
        PortalStaffTests.visitForm(minutes: minutes, idempotency: "correction-\(minutes)")
            .filter { !Self.personal.contains($0.0) }
            .map { $0.0 == "_supersedes" ? ("_supersedes", original) : $0 }
            + Self.personal.sorted().map { ("_keep", $0) } + extra
    }

    @Test func theCorrectionFormMasksPersonalFieldsAndKeepsTheirValues() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let original = try await original(browser)
            let form = try await browser.get("/portal/forms/elderly-visit@1?correct=\(original)")
            #expect(form.status == .ok)
            #expect(form.body.contains("210102********0025"))
            #expect(form.body.contains("王**"))
            #expect(!form.body.contains("210102193805120025"))
            #expect(!form.body.contains("王桂兰"))
            #expect(!form.body.contains("太原北街"))
            #expect(form.body.contains("<input type=\"hidden\" name=\"_keep\" value=\"elderIdNumber\">"))
            #expect(
                form.body.contains(
                    "formaction=\"/portal/forms/elderly-visit@1/reveal\" formnovalidate name=\"_reveal\" value=\"elderIdNumber\""
                ))
            #expect(form.body.contains("value=\"40\""))
            // Enter in a field submits the correction, not a reveal: the form's first button is a plain submit.
            let formStart = try #require(
                form.body.range(of: "<form method=\"post\" action=\"/portal/forms/elderly-visit@1\""))
            let firstButton = try #require(form.body[formStart.upperBound...].range(of: "<button")).lowerBound
            #expect(
                form.body[firstButton...].prefix { $0 != ">" }.hasPrefix("<button type=\"submit\" class=\"sr-only\""))

            let corrected = try await browser.post(
                "/portal/forms/elderly-visit@1", correction(of: original, minutes: "50"))
            #expect(corrected.status == .seeOther)
            let id = try #require(
                corrected.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let stored = try #require(try await gateway.store.submission(id: id))
            #expect(stored.request.supersedes == original)
            #expect(stored.request.data["durationMinutes"] == .integer(50))
            #expect(stored.request.data["elderIdNumber"] == "210102193805120025")
            #expect(stored.request.data["elderName"] == "王桂兰")
            #expect(stored.request.data["address"] == "沈阳市和平区太原北街 12 号 3 单元 502 室")
        }
    }

    @Test func aMistakeInACorrectionKeepsTheFieldsMasked() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let original = try await original(browser)
            try await browser.get("/portal/forms/elderly-visit@1?correct=\(original)")
            let refused = try await browser.post(
                "/portal/forms/elderly-visit@1", correction(of: original, minutes: "700"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("210102********0025"))
            #expect(!refused.body.contains("210102193805120025"))
        }
    }

    @Test func revealingAFieldInACorrectionIsAuditedAndShowsItForEditing() async throws {
        let gateway = try await TestGateway()
        let user = try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let original = try await original(browser)
            try await browser.get("/portal/forms/elderly-visit@1?correct=\(original)")
            let shown = try await browser.post(
                "/portal/forms/elderly-visit@1/reveal",
                correction(of: original, minutes: "55", extra: [("_reveal", "elderIdNumber")]))
            #expect(shown.status == .ok)
            #expect(shown.body.contains("name=\"elderIdNumber\" required"))
            #expect(shown.body.contains("value=\"210102193805120025\""))
            #expect(!shown.body.contains("王桂兰"), "only the revealed field is shown")
            #expect(shown.body.contains("value=\"55\""), "what was typed before the reveal stays")
            let audit = try await gateway.store.auditEntries(from: 1, limit: 100)
            #expect(
                audit.contains {
                    $0.action == "portal.pii-revealed" && $0.actor == user.id && $0.subject == original
                        && $0.detail["field"] == "elderIdNumber" && $0.detail["page"] == "correction"
                })

            // Changed after the reveal; the other personal fields are still kept.
            let fields =
                correction(of: original, minutes: "55").filter { $0 != ("_keep", "elderIdNumber") }
                + [("elderIdNumber", "210102193805120033")]
            let corrected = try await browser.post("/portal/forms/elderly-visit@1", fields)
            let id = try #require(
                corrected.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let stored = try #require(try await gateway.store.submission(id: id))
            #expect(stored.request.data["elderIdNumber"] == "210102193805120033")
            #expect(stored.request.data["elderName"] == "王桂兰")
        }
    }

    @Test func nothingIsKeptFromASubmissionTheCallerMayNotSee() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let theirs = try #require(
                try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers("sibling", idempotencyKey: "theirs"),
                    body: try visitBody(unit: "210102001002")
                ) { try $0.json["id"]?.stringValue })
            try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            try await browser.get("/portal/forms/elderly-visit@1")
            let refused = try await browser.post("/portal/forms/elderly-visit@1", correction(of: theirs, minutes: "50"))
            #expect(refused.status == .notFound)
            #expect(!refused.body.contains("210102193805120025"))
            let reveal = try await browser.post(
                "/portal/forms/elderly-visit@1/reveal",
                correction(of: theirs, minutes: "50", extra: [("_reveal", "elderIdNumber")]))
            #expect(reveal.status == .notFound)
            #expect(
                try await gateway.store.auditEntries(from: 1, limit: 100).allSatisfy {
                    $0.action != "portal.pii-revealed"
                })
        }
    }
}
