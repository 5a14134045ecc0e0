import Foundation
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import HummingbirdTesting
import OrderedCollections
import Testing

/// Every staff page — a community worker's and an operator's — checked with axe-core in a real headless
/// Chromium at desktop (1280 px) and phone (390 × 844) size: no serious or critical violation, and on the
/// phone no control smaller than a 44-px touch target.
@Suite(
    .timeLimit(.minutes(5)), .serialized,
    .enabled(if: BrowserSession.programs != nil, Comment(rawValue: BrowserSession.unavailableReason)),
    .enabled(if: BrowserSession.axeCore != nil, Comment(rawValue: BrowserSession.axeUnavailableReason)))
struct PortalAccessibilityTests {
    /// The window sizes every page is checked at.
    static let sizes = [(name: "desktop", width: 1280, height: 900), (name: "phone", width: 390, height: 844)]

    @Test func everyStaffPagePassesAxeAtDesktopAndPhoneSize() async throws {
        try await LivePortal.run(maxAttempts: 1) { live in
            let (departments, gateway, client, portal) = (live.departments, live.gateway, live.client, live.portal)
            let base = gateway.base
            // A report delivered everywhere, one whose delivery to 民政局 died, a task and an aggregate result.
            let delivered = try await gateway.submitVisit(client, idempotencyKey: "delivered")
            try await base.waitForDeliveries()
            departments.json.control.failAlways(.serverError)
            let failed = try await gateway.submitVisit(client, try visitBody(minutes: 30), idempotencyKey: "failed")
            try await eventually("the delivery to 民政局 is dead") {
                try await gateway.deliveries(of: failed).first { $0.target == Departments.jsonTarget }?.state == .dead
            }
            for (key, body) in [
                (
                    "task",
                    resultBody(kind: "task", title: "12 月独居老人走访", audience: ["units": ["210102001001"]]) {
                        $0["task"] = [
                            "contract": "elderly-visit@1", "period": "2026-12", "dueAt": "2027-01-05T16:00:00Z",
                        ]
                    }
                ),
                (
                    "figures",
                    resultBody(kind: "aggregate", title: "11 月走访汇总", audience: ["units": ["210102001001"]]) {
                        $0["data"] = ["contract": "elderly-visit@1", "period": "2026-11", "measures": ["visits": 12]]
                    }
                ),
            ] {
                let (published, _) = try await postResult(client, base, idempotencyKey: key, body)
                #expect(published == .created)
            }
            let upload = FileManager.default.temporaryDirectory.appendingPathComponent("axe-\(UUID().uuidString).csv")
            try Data(("\u{FEFF}报告周期,老人姓名,走访方式\r\n2026年11月,吴淑兰,上门\r\n").utf8).write(to: upload)
            defer { try? FileManager.default.removeItem(at: upload) }

            let browser = try await BrowserSession.start()
            do {
                var problems: [String] = []
                func check(_ page: String) async throws {
                    _ = try await browser.element("main h1")
                    for size in Self.sizes {
                        try await browser.resize(width: size.width, height: size.height)
                        problems += try await browser.seriousAxeViolations().map { "\(page) (\(size.name)): \($0)" }
                        if size.name == "phone" {
                            problems += try await browser.smallTouchTargets().map { "\(page) (phone): \($0) px" }
                        }
                    }
                    try await browser.resize(width: 1280, height: 900)
                }
                func visit(_ path: String) async throws {
                    try await browser.open(portal + path)
                    try await check(path)
                }

                try await visit("/sign-in")
                try await browser.signIn(portal: portal, username: "liximei")
                for path in [
                    "/tasks", "/forms", "/forms/elderly-visit@1?period=2026-12",
                    "/forms/elderly-visit@1?period=2026-12&subject=210102193805120025",
                    "/submissions", "/submissions/\(delivered)", "/submissions/\(failed)",
                    "/forms/elderly-visit@1?correct=\(delivered)", "/inbox", "/aggregates?period=2026-11",
                    "/forms/elderly-visit@1/upload", "/submissions/sub_nothing",
                ] {
                    try await visit(path)
                }
                // The form after the server refused it, and the import's preview with a mistake.
                try await browser.open(portal + "/forms/elderly-visit@1?period=2026-12")
                try await browser.run(
                    "document.getElementById('f-durationMinutes').value = '700'; document.querySelector('form.report').submit();"
                )
                try await browser.waitUntil(
                    "the server's errors show", "return document.getElementById('error-summary') !== null")
                try await check("the form with the server's errors")
                try await browser.open(portal + "/forms/elderly-visit@1/upload")
                try await browser.attach("#file", path: upload.path)
                try await browser.click("#upload-preview")
                try await browser.waitUntil(
                    "the preview shows", "return document.getElementById('import-summary') !== null")
                try await check("the import preview")
                try await browser.click(".who form button")
                try await browser.waitUntil("signed out", "return location.pathname === '/portal/sign-in'")

                try await browser.signIn(portal: portal, username: "operator")
                for path in [
                    "/admin/deliveries", "/admin/deliveries?state=dead&target=\(Departments.jsonTarget)",
                    "/admin/targets",
                    "/admin/adapters", "/admin/access", "/admin/audit?verify=1", "/submissions",
                    "/submissions/\(failed)",
                    "/aggregates?period=2026-11",
                ] {
                    try await visit(path)
                }
                #expect(problems.isEmpty, "accessibility problems:\n\(problems.joined(separator: "\n"))")
            } catch {
                Issue.record("\(error)")
            }
            await browser.quit()
        }
    }
}
