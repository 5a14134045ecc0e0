import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStore
import HummingbirdTesting
import Testing

/// A community worker in a real headless Chromium types the period as she writes it, then imports
/// reports from the portal's own templates: the `.xlsx` filled with Chinese labels and Excel dates, and a
/// CSV saved in GB18030; each time the preview finds one mistake, she fixes that row, uploads again and
/// imports. Pages are photographed at 1280 px and at 390×844.
@Suite(
    .timeLimit(.minutes(3)), .serialized,
    .enabled(if: BrowserSession.programs != nil, Comment(rawValue: BrowserSession.unavailableReason)))
struct PortalImportBrowserTests {
    /// Saves the current page as `<name>-desktop.png` (1280 px) and `<name>-phone.png` (390×844).
    static func photograph(_ browser: BrowserSession, _ name: String) async throws {
        let folder = PortalBrowserTests.screenshots
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await browser.screenshotFile(folder.appendingPathComponent("\(name)-desktop.png"))
        try await browser.resize(width: 390, height: 844)
        // As on a phone that loaded the page at this width: the focused outcome (or field) in view.
        try await browser.run("var e = document.activeElement; if (e && e !== document.body) { e.scrollIntoView(); }")
        try await browser.screenshotFile(folder.appendingPathComponent("\(name)-phone.png"))
        try await browser.resize(width: 1280, height: 900)
    }

    @Test func periodTypedInWordsAndImportsFromTheTemplates() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.live) { client in
            let portal = "http://127.0.0.1:\(try #require(client.port))/portal"
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "gridway-import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let browser = try await BrowserSession.start()
            do {
                try await browser.open(portal + "/sign-in")
                try await browser.type("#username", "liximei")
                try await browser.type("#password", "correct horse battery")
                try await browser.click("form button.primary")
                try await browser.waitUntil("signed in", "return location.pathname === '/portal/tasks'")
                try await periodInWords(browser, portal: portal, gateway: gateway)
                try await importWorkbook(browser, portal: portal, gateway: gateway, folder: folder)
                try await importGB18030(browser, portal: portal, gateway: gateway, folder: folder)
            } catch {
                Issue.record("\(error)")
            }
            await browser.quit()
        }
    }

    private func periodInWords(_ browser: BrowserSession, portal: String, gateway: TestGateway) async throws {
        try await browser.open(portal + "/forms/elderly-visit@1")
        // The month picker fills the period input…
        try await browser.run(
            "var p = document.getElementById('f-_period-picker'); p.value = '2026-10'; p.dispatchEvent(new Event('change', {bubbles: true}));"
        )
        #expect(try await browser.property("#f-_period", "value") == "2026-10")
        #expect(try await browser.property("#f-_period-picker", "type") == "month")
        // …and the period may be typed as people write it.
        try await browser.type("#f-_period", "2026-09")
        #expect(try await browser.property("#f-_period-picker", "value") == "2026-09")
        try await browser.type("#f-_period", "2026年11月")
        #expect(try await browser.property("#f-_period-picker", "value") == "")
        try await browser.type("#f-elderName", "周玉珍")
        try await browser.type("#f-elderIdNumber", "210102194203040028")
        try await browser.type("#f-address", "沈阳市和平区北京街 6 号")
        try await browser.type("#f-durationMinutes", "30")
        try await browser.type("#f-visitor-name", "李晓梅")
        try await browser.run(
            """
            document.getElementById('f-visitDate').value = '2026-11-20';
            document.getElementById('f-visitType').value = 'home';
            document.getElementById('f-healthStatus').value = 'good';
            document.getElementById('f-visitor-role').value = 'grid-worker';
            """)
        try await browser.run(
            "window.scrollTo(0, document.getElementById('f-_period').getBoundingClientRect().top + window.scrollY - 120)"
        )
        try await Self.photograph(browser, "form-period")
        try await browser.click("form.report button[type=submit]")
        try await browser.waitUntil(
            "the submission page shows", "return location.pathname.startsWith('/portal/submissions/')")
        let stored = try #require(try await gateway.store.submission(id: try await browser.text("#submission-id")))
        #expect(stored.request.period == "2026-11")
    }

    private func importWorkbook(_ browser: BrowserSession, portal: String, gateway: TestGateway, folder: URL)
        async throws
    {
        try await browser.open(portal + "/forms/elderly-visit@1/upload")
        let template = try await download(browser, "#template-xlsx")
        let header = try #require(try XLSXReader(template).firstSheetRows().first).cells
        func row(_ values: [String: WorkbookSheet.Cell]) -> [WorkbookSheet.Cell] { header.map { values[$0] ?? .empty } }
        func workbook(minutes: Double, visitType: String) throws -> URL {
            let rows: [[WorkbookSheet.Cell]] = [
                header.map { .heading($0) },
                row([
                    "报告周期": .text("2026年11月"), "老人姓名": .text("钱秀英"), "老人身份证号": .text("210102194105060022"),
                    "居住地址": .text("沈阳市和平区北京街 8 号"), "走访日期": .date(CalendarDay(year: 2026, month: 11, day: 21)!),
                    "走访方式": .text("入户走访"), "走访时长（分钟）": .number(25), "健康状况": .text("一般"),
                    "服务需求": .text("助餐、精神慰藉"), "走访人姓名": .text("李晓梅"), "走访人身份": .text("网格员"),
                ]),
                row([
                    "报告周期": .text("2026/11"), "老人姓名": .text("孙桂芝"), "老人身份证号": .text("210102193909090026"),
                    "居住地址": .text("沈阳市和平区北京街 10 号"), "走访日期": .date(CalendarDay(year: 2026, month: 11, day: 22)!),
                    "走访方式": .text(visitType), "走访时长（分钟）": .number(minutes), "健康状况": .text("较差"),
                    "走访人姓名": .text("李晓梅"), "走访人身份": .text("社区工作者"),
                ]),
            ]
            let file = folder.appendingPathComponent("走访-\(visitType).xlsx")
            try Data(try XLSXWriter.workbook([WorkbookSheet(name: "填报", rows: rows)])).write(to: file)
            return file
        }
        let before = try await gateway.storedCounts().submissions
        try await browser.attach("#file", path: try workbook(minutes: 20, visitType: "上门").path)
        try await browser.click("#upload-preview")
        try await browser.waitUntil("the preview shows", "return document.getElementById('import-summary') !== null")
        #expect(try await browser.text("#import-summary").contains("共 2 行：1 行可以导入，1 行有错误"))
        let errors = try await browser.text("#import-errors")
        #expect(errors.contains("走访方式") && errors.contains("可填：入户走访、电话问候") && !errors.contains("visitType"))
        try await Self.photograph(browser, "import-preview")
        #expect(try await gateway.storedCounts().submissions == before)

        // She fixes the one row and uploads again: every row passes, and importing stores both.
        try await browser.attach("#file", path: try workbook(minutes: 20, visitType: "电话问候").path)
        try await browser.click("#upload-preview")
        try await browser.waitUntil(
            "the new preview shows",
            "return document.getElementById('import-errors') === null && document.getElementById('import-confirm') !== null"
        )
        #expect(try await browser.text("#import-summary").contains("共 2 行：2 行可以导入，0 行有错误"))
        try await browser.click("#import-confirm")
        try await browser.waitUntil(
            "the import result shows", "return document.getElementById('import-stored') !== null")
        #expect(try await browser.text("#import-summary").contains("2 行已保存"))
        try await Self.photograph(browser, "import-result")
        #expect(try await gateway.storedCounts().submissions == before + 2)
        let stored = try await gateway.store.submissions(matching: .init(limit: 10)).items
        let sun = try #require(stored.first { $0.request.data["elderName"] == "孙桂芝" })
        #expect(
            sun.request.period == "2026-11" && sun.request.data["visitDate"] == "2026-11-22"
                && sun.request.data["visitType"] == "phone")
    }

    private func importGB18030(_ browser: BrowserSession, portal: String, gateway: TestGateway, folder: URL)
        async throws
    {
        try await browser.open(portal + "/forms/elderly-visit@1/upload")
        // The browser decodes the CSV template as UTF-8 by its byte order mark (which it leaves out of the text).
        let header =
            try await browser.run(
                """
                var request = new XMLHttpRequest();
                request.open('GET', document.getElementById('template-csv').href, false);
                request.send();
                return request.responseText;
                """
            ).stringValue?.trimmingCharacters(in: .newlines) ?? ""
        #expect(header.hasPrefix("报告周期,老人姓名,老人身份证号"))
        let columns = header.split(separator: ",").map(String.init)
        func line(_ values: [String: String]) -> String { columns.map { values[$0] ?? "" }.joined(separator: ",") }
        func csv(health: String) throws -> URL {
            let text = [
                header,
                line([
                    "报告周期": "2026.11", "老人姓名": "吴淑兰", "老人身份证号": "210102194002020021", "居住地址": "沈阳市和平区北京街 12 号",
                    "走访日期": "2026/11/23", "走访方式": "视频问候", "走访时长（分钟）": "15", "健康状况": "良好", "走访人姓名": "李晓梅",
                    "走访人身份": "网格员",
                ]),
                line([
                    "报告周期": "2026年11月", "老人姓名": "郑国强", "老人身份证号": "21010219380808001X", "居住地址": "沈阳市和平区北京街 14 号",
                    "走访日期": "2026年11月24日", "走访方式": "home", "走访时长（分钟）": "35", "健康状况": health, "服务需求": "医疗护理;家政保洁",
                    "走访人姓名": "李晓梅", "走访人身份": "志愿者",
                ]),
            ].joined(separator: "\r\n")
            let file = folder.appendingPathComponent("走访-\(health).csv")
            try Data(try Charset.gb18030.encode(text)).write(to: file)
            return file
        }
        let before = try await gateway.storedCounts().submissions
        try await browser.attach("#file", path: try csv(health: "还行").path)
        try await browser.click("#upload-preview")
        try await browser.waitUntil("the preview shows", "return document.getElementById('import-summary') !== null")
        #expect(try await browser.text("#import-summary").contains("共 2 行：1 行可以导入，1 行有错误"))
        let errors = try await browser.text("#import-errors")
        #expect(errors.contains("3") && errors.contains("健康状况") && errors.contains("可填：良好、一般、较差、危重"))

        try await browser.attach("#file", path: try csv(health: "较差").path)
        try await browser.click("#upload-preview")
        try await browser.waitUntil(
            "the new preview shows",
            "return document.getElementById('import-errors') === null && document.getElementById('import-confirm') !== null"
        )
        try await browser.click("#import-confirm")
        try await browser.waitUntil(
            "the import result shows", "return document.getElementById('import-stored') !== null")
        #expect(try await gateway.storedCounts().submissions == before + 2)
        let stored = try await gateway.store.submissions(matching: .init(limit: 20)).items
        let zheng = try #require(stored.first { $0.request.data["elderName"] == "郑国强" })
        #expect(
            zheng.request.data["visitDate"] == "2026-11-24"
                && zheng.request.data["needs"] == ["medical", "housekeeping"])
        #expect(zheng.request.data["visitor"]?["role"] == "volunteer" && zheng.request.data["healthStatus"] == "poor")
    }

    /// The bytes behind a download link, fetched by the page itself (with its session); for files without a byte order mark.
    private func download(_ browser: BrowserSession, _ selector: String) async throws -> [UInt8] {
        let encoded = try await browser.run(
            """
            var request = new XMLHttpRequest();
            request.open('GET', document.querySelector('\(selector)').href, false);
            request.overrideMimeType('text/plain; charset=x-user-defined');
            request.send();
            var text = request.responseText, bytes = '';
            for (var i = 0; i < text.length; i++) { bytes += String.fromCharCode(text.charCodeAt(i) & 0xff); }
            return request.status === 200 ? btoa(bytes) : '';
            """
        ).stringValue
        return [UInt8](try #require(Data(base64Encoded: encoded ?? "")))
    }
}
