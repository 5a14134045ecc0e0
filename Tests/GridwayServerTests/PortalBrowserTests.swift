import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStandIns
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// The portal in a real headless Chromium against a live Gridway with its department stand-ins on
/// 127.0.0.1: a staff user reports through a generated form, an operator replays a dead delivery, and
/// each main page is photographed at desktop and phone widths (into `.build/portal-screenshots`, or
/// `GRIDWAY_SCREENSHOTS`).
@Suite(
    .timeLimit(.minutes(3)), .serialized,
    .enabled(if: BrowserSession.programs != nil, Comment(rawValue: BrowserSession.unavailableReason)))
struct PortalBrowserTests {
    static let screenshots: URL = {
        if let folder = ProcessInfo.processInfo.environment["GRIDWAY_SCREENSHOTS"] {
            return URL(fileURLWithPath: folder)
        }
        return TestGateway.repositoryRoot.appendingPathComponent(".build/portal-screenshots")
    }()

    /// Saves the current page as `<name>-desktop.png` and `<name>-phone.png` (360 px wide), after checking
    /// that every error it shows is in Chinese.
    static func photograph(_ browser: BrowserSession, _ name: String) async throws {
        try await browser.expectErrorsInChinese(name)
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        try await browser.screenshotFile(screenshots.appendingPathComponent("\(name)-desktop.png"))
        try await browser.resize(width: 360, height: 780)
        try await browser.screenshotFile(screenshots.appendingPathComponent("\(name)-phone.png"))
        try await browser.resize(width: 1280, height: 900)
    }

    @Test func staffReportThroughTheFormAndAnOperatorReplaysADeadDelivery() async throws {
        try await LivePortal.run(maxAttempts: 2) { live in
            let (departments, gateway, client, portal) = (live.departments, live.gateway, live.client, live.portal)
            let base = gateway.base
            // An earlier report for November (its elder is offered to pick), a task for December, and a neighbour's report.
            _ = try await gateway.submitVisit(client, idempotencyKey: "earlier")
            try await base.waitForDeliveries()
            let (status, _) = try await postResult(
                client, base, idempotencyKey: "task-1",
                resultBody(kind: "task", title: "12 月独居老人走访", audience: ["units": ["210102001001"]]) {
                    $0["task"] = ["contract": "elderly-visit@1", "period": "2026-12", "dueAt": "2027-01-05T16:00:00Z"]
                })
            #expect(status == .created)
            let neighbour = try #require(
                try await client.execute(
                    uri: "/v1/submissions", method: .post, headers: base.headers("sibling", idempotencyKey: "theirs"),
                    body: try visitBody(unit: "210102001002")
                ) { try $0.json["id"]?.stringValue })

            let browser = try await BrowserSession.start()
            do {
                try await staffScenario(browser, portal: portal, client: client, neighbour: neighbour, gateway: gateway)
                try await operatorScenario(
                    browser, portal: portal, client: client, departments: departments, gateway: gateway)
            } catch {
                Issue.record("\(error)")
            }
            await browser.quit()
        }
    }

    private func staffScenario(
        _ browser: BrowserSession, portal: String, client: some TestClientProtocol, neighbour: String,
        gateway: FanOutGateway
    ) async throws {
        try await browser.open(portal + "/sign-in")
        try await Self.photograph(browser, "sign-in")
        try await browser.type("#username", "liximei")
        try await browser.type("#password", "correct horse battery")
        try await browser.click("form button.primary")
        try await browser.waitUntil("the task list shows", "return location.pathname === '/portal/tasks'")
        #expect(try await browser.text("main").contains("12 月独居老人走访"))
        try await Self.photograph(browser, "tasks")

        // Open the task: pick the elder (选择老人) among those the server offers; only her facts are
        // filled, each marked with its source; the visit itself (an event) is typed.
        try await browser.click("td a.button.primary")
        try await browser.waitUntil("the form shows", "return location.pathname === '/portal/forms/elderly-visit@1'")
        #expect(try await browser.text("label[for=f-_subject]") == "选择老人")
        #expect(try await browser.text("#f-_subject").contains("王** · 210102********0025"))
        #expect(try await browser.property("#f-elderName", "value") == "", "nothing filled before she is picked")
        try await browser.run("document.getElementById('f-_subject').value = '210102193805120025'")
        try await browser.click("form.subject-picker button[type=submit]")
        try await browser.waitUntil(
            "her facts are filled", "return document.getElementById('f-elderName').value === '王桂兰'")
        #expect(try await browser.property("#f-_period", "value") == "2026-12")
        #expect(try await browser.property("#f-elderIdNumber", "value") == "210102193805120025")
        #expect(try await browser.text(".field .source").contains("上次填报"))
        #expect(try await browser.property("#f-visitDate", "value") == "", "the last visit's date is not this one's")
        try await Self.photograph(browser, "form-subject")
        try await browser.run(
            """
            var set = function (id, value) { document.getElementById(id).value = value; };
            set('f-visitDate', '2026-12-03'); set('f-visitType', 'home'); set('f-healthStatus', 'fair');
            set('f-visitor-name', '李晓梅'); set('f-visitor-role', 'grid-worker');
            """)

        // One invalid field: the browser says so beside it and sends nothing…
        try await browser.type("#f-durationMinutes", "700")
        try await browser.click("form.report button[type=submit]")
        try await browser.waitUntil(
            "the browser flags the duration", "return !document.getElementById('e-f-durationMinutes').hidden")
        #expect(try await browser.text("#e-f-durationMinutes").contains("超出允许范围"))
        #expect(try await browser.url().hasSuffix("&subject=210102193805120025"))
        // …and a browser that skips that check gets the server's answer beside the same field.
        try await browser.run("document.querySelector('form.report').submit()")
        try await browser.waitUntil(
            "the server's error shows",
            "return document.getElementById('error-summary') !== null && location.search === ''")
        #expect(try await browser.text("#e-f-durationMinutes").contains("大于允许的最大值"))
        #expect(try await browser.property("#f-durationMinutes", "value") == "700")
        try await Self.photograph(browser, "form-error")

        // Fixed, with this visit's December date, and sent: each target's delivery turns delivered on the
        // submission page.
        try await browser.run("document.getElementById('f-visitDate').value = '2026-12-03'")
        try await browser.type("#f-durationMinutes", "45")
        try await browser.click("form.report button[type=submit]")
        try await browser.waitUntil(
            "the submission page shows", "return location.pathname.startsWith('/portal/submissions/')")
        try await browser.waitUntil(
            "every target delivered",
            "var s = document.querySelectorAll('#deliveries [data-state]'); return s.length === 3 && Array.prototype.every.call(s, function (e) { return e.dataset.state === 'delivered'; })"
        )
        let id = try await browser.text("#submission-id")
        let stored = try #require(try await gateway.base.store.submission(id: id))
        #expect(stored.request.data["durationMinutes"] == .integer(45))
        #expect(try await gateway.deliveries(of: id).allSatisfy { $0.state == .delivered && $0.receipt != nil })
        try await Self.photograph(browser, "submission")

        // Editing the URL to a neighbour community's submission shows nothing of it.
        try await browser.open(portal + "/submissions/\(neighbour)")
        let page = try await browser.text("main")
        #expect(page.contains("没有找到"))
        try await browser.expectErrorsInChinese("another unit's submission")
        try await browser.open(portal + "/admin/audit")
        try await browser.expectErrorsInChinese("an operator page")
        #expect(try await browser.text("main h1") == "仅限运维管理员")
        #expect(!page.contains(neighbour.suffix(6)))

        // The inbox hears of a new notice while it is open (Server-Sent Events).
        try await browser.open(portal + "/inbox")
        try await browser.waitUntil(
            "the inbox stream is open", "return document.getElementById('inbox-live').dataset.state === 'open'")
        let (published, _) = try await postResult(
            client, gateway.base, idempotencyKey: "notice-1",
            resultBody(title: "寒潮预警", audience: ["units": ["210102001001"]]))
        #expect(published == .created)
        try await browser.waitUntil(
            "the inbox says a message arrived", "return document.getElementById('inbox-live').textContent !== ''")
        try await browser.open(portal + "/inbox")
        #expect(try await browser.text("main").contains("寒潮预警"))

        for (path, name) in [
            ("/submissions", "submissions"), ("/inbox", "inbox"), ("/aggregates?period=2026-11", "aggregates"),
        ] {
            try await browser.open(portal + path)
            _ = try await browser.element("main h1")
            try await Self.photograph(browser, name)
        }
        try await browser.click(".who form button")
        try await browser.waitUntil("signed out", "return location.pathname === '/portal/sign-in'")
    }

    private func operatorScenario(
        _ browser: BrowserSession, portal: String, client: some TestClientProtocol, departments: Departments,
        gateway: FanOutGateway
    ) async throws {
        // 民政局 goes down; a report to it dies after its two attempts.
        departments.json.control.failAlways(.serverError)
        let id = try await gateway.submitVisit(client, try visitBody(minutes: 30), idempotencyKey: "outage")
        try await eventually("the delivery to 民政局 is dead") {
            try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }?.state == .dead
        }
        let dead = try #require(try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget })

        try await browser.open(portal + "/sign-in")
        try await browser.type("#username", "operator")
        try await browser.type("#password", "correct horse battery")
        try await browser.click("form button.primary")
        try await browser.waitUntil(
            "the deliveries page shows", "return location.pathname === '/portal/admin/deliveries'")
        try await browser.open(portal + "/admin/deliveries?state=dead&target=\(Departments.jsonTarget)")
        #expect(try await browser.text("#delivery-\(dead.id) .error-text").contains("gave up after 2 attempts"))
        try await Self.photograph(browser, "deliveries-dead")

        // The upstream recovers; the operator replays the delivery and sees it delivered.
        departments.json.control.reset()
        try await browser.click("#delivery-\(dead.id) form button")
        try await browser.waitUntil("back on the deliveries list", "return location.search === '?done=replayed'")
        #expect(try await browser.text("#confirmation").contains("已重新排队"))
        try await browser.open(portal + "/submissions/\(id)")
        try await browser.waitUntil(
            "民政局 delivered",
            "var e = document.querySelector('#delivery-\(Departments.jsonTarget) [data-state]'); return e !== null && e.dataset.state === 'delivered'"
        )
        #expect(try await gateway.deliveries(of: id).first { $0.target == Departments.jsonTarget }?.state == .delivered)

        for (path, name) in [
            ("/admin/targets", "targets"), ("/admin/adapters", "adapters"), ("/admin/access", "access"),
            ("/admin/audit?verify=1", "audit"),
        ] {
            try await browser.open(portal + path)
            _ = try await browser.element("main h1")
            try await Self.photograph(browser, name)
        }
        #expect(try await browser.text("#audit-verdict").contains("哈希链完整"))
    }
}

extension BrowserSession {
    /// Saves a PNG of the viewport to `file`.
    func screenshotFile(_ file: URL) async throws {
        try await screenshot().write(to: file)
    }
}

extension TestGateway {
    /// Waits until no delivery is outstanding.
    func waitForDeliveries() async throws {
        try await eventually("no delivery is outstanding") {
            try await store.deliveryBacklog().allSatisfy { backlog in
                backlog.counts.filter { $0.key.isOutstanding }.values.allSatisfy { $0 == 0 }
            }
        }
    }
}
