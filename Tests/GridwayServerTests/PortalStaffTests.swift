import Foundation
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridwayServer

@Suite(.timeLimit(.minutes(3))) struct PortalStaffTests {
    /// The fields of a valid elderly-visit@1 form, with `minutes` as the duration.
    static func visitForm(minutes: String = "40", idempotency: String = "form-1") -> [(String, String)] {
        [
            ("_unit", "210102001001"), ("_period", "2026-11"), ("_idempotency", idempotency), ("_supersedes", ""),
            ("elderName", "王桂兰"), ("elderIdNumber", "210102193805120025"), ("address", "沈阳市和平区太原北街 12 号 3 单元 502 室"),
            ("visitDate", "2026-11-05"), ("visitType", "home"), ("durationMinutes", minutes), ("healthStatus", "fair"),
            ("needs", "meal"), ("needs", "home-safety"), ("visitor.name", "李晓梅"), ("visitor.role", "grid-worker"),
        ]
    }

    /// After one report of 北京街社区 through the API, liximei (its staff) signs in, opens the month's
    /// form and picks the elder of that report, whose facts it prefills.
    static func openPrefilledForm(_ gateway: TestGateway, _ client: some TestClientProtocol) async throws
        -> (browser: PortalBrowser, form: PortalBrowser.Page)
    {
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        _ = try await client.execute(
            uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "earlier"),
            body: try visitBody())
        let browser = PortalBrowser(client)
        try await browser.signIn(username: "liximei", password: "correct horse battery")
        return (
            browser, try await browser.get("/portal/forms/elderly-visit@1?period=2026-11&subject=210102193805120025")
        )
    }

    @Test func aFormIsPrefilledValidatedWithErrorsBesideTheFieldAndStored() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            let (browser, form) = try await Self.openPrefilledForm(gateway, client)
            let picker = try await browser.get("/portal/forms/elderly-visit@1?period=2026-11")
            #expect(picker.status == .ok)
            #expect(picker.body.contains("<label for=\"f-_subject\">选择老人</label>"))
            #expect(picker.body.contains("<option value=\"210102193805120025\">王** · 210102********0025　来源：上次填报（"))
            #expect(!picker.body.contains("value=\"王桂兰\""), "nothing is filled before the elder is picked")
            #expect(form.status == .ok)
            #expect(form.body.contains("<option value=\"210102193805120025\" selected>"))
            #expect(form.body.contains("id=\"f-elderName\" name=\"elderName\" required"))
            #expect(form.body.contains("value=\"王桂兰\""))
            #expect(form.body.contains("已预填：上次填报"))
            #expect(
                !form.body.contains("<option value=\"home\" selected>"),
                "the visit's type is an event fact, never prefilled")
            #expect(form.body.contains("min=\"1\" max=\"600\""))

            let invalid = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "700"))
            #expect(invalid.status == .unprocessableContent)
            #expect(
                invalid.body.contains(
                    "id=\"f-durationMinutes\" name=\"durationMinutes\" required aria-describedby=\"h-f-durationMinutes e-f-durationMinutes\" aria-invalid=\"true\""
                ))
            #expect(invalid.body.contains("<p class=\"field-error\" id=\"e-f-durationMinutes\">大于允许的最大值</p>"))
            #expect(invalid.body.contains("value=\"700\""))

            let missing = try await browser.post(
                "/portal/forms/elderly-visit@1", Self.visitForm().filter { $0.0 != "healthStatus" })
            #expect(missing.body.contains("<p class=\"field-error\" id=\"e-f-healthStatus\">必填项，请填写</p>"))

            let before = try await gateway.storedCounts().submissions
            let stored = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "45"))
            #expect(stored.status == .seeOther)
            let id = try #require(
                stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let submission = try #require(try await gateway.store.submission(id: id))
            #expect(submission.request.data["durationMinutes"] == .integer(45))
            #expect(submission.request.data["needs"] == ["meal", "home-safety"])
            #expect(submission.request.data["visitor"]?["role"] == "grid-worker")
            #expect(try await gateway.storedCounts().submissions == before + 1)
            // The same form sent twice (a double click) is stored once.
            #expect(
                try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "45")).location
                    == stored.location)
            #expect(try await gateway.storedCounts().submissions == before + 1)
        }
    }

    @Test func periodsAndDatesAreTypedAsPeopleWriteThemWithAPickerPerPeriodType() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let monthly = try await browser.get("/portal/forms/elderly-visit@1")
            #expect(
                monthly.body.contains(
                    "<input type=\"month\" id=\"f-_period-picker\" class=\"period-picker\" aria-label=\"选择报告周期\" data-period-for=\"f-_period\""
                ))
            #expect(monthly.body.contains("例如 2026年12月、2026/12、2026.12 或 2026-12"))
            #expect(
                try await browser.get("/portal/forms/grid-incident@1").body.contains(
                    "<input type=\"date\" id=\"f-_period-picker\""))
            let quarterly = try await browser.get("/portal/forms/safety-inspection@1").body
            #expect(quarterly.contains("<select id=\"f-_period-picker\""))
            let quarters = quarterly.components(separatedBy: "<option value=\"").dropFirst().filter {
                $0.contains("季度</option>")
            }
            #expect(quarters.count == PeriodPicker.choices)
            #expect(
                quarters.allSatisfy {
                    $0.range(of: #"^\d{4}-Q[1-4]"( selected)?>\d{4}年第[1-4]季度</option>"#, options: .regularExpression)
                        != nil
                })

            // `2026年11月` and `2026/11/5` are stored as `2026-11` and `2026-11-05`; an unreadable period is shown as typed.
            let fields = Self.visitForm(idempotency: "typed").map { name, value in
                name == "_period" ? (name, "2026年11月") : name == "visitDate" ? (name, "2026/11/5") : (name, value)
            }
            let stored = try await browser.post("/portal/forms/elderly-visit@1", fields)
            let id = try #require(
                stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let submission = try #require(try await gateway.store.submission(id: id))
            #expect(submission.request.period == "2026-11" && submission.request.data["visitDate"] == "2026-11-05")
            let wrong = try await browser.post(
                "/portal/forms/elderly-visit@1",
                Self.visitForm(idempotency: "wrong").map { $0.0 == "_period" ? ($0.0, "2026年13月") : $0 })
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("value=\"2026年13月\""))
        }
    }

    @Test func aFormWithAVisitDateOutsideThePeriodIsRefusedBesideTheDate() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let late = Self.visitForm().map { $0.0 == "_period" ? ("_period", "2026-12") : $0 }
            let refused = try await browser.post("/portal/forms/elderly-visit@1", late)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("<p class=\"field-error\" id=\"e-f-visitDate\">不在本期填报周期内</p>"))
            #expect(refused.body.contains("value=\"2026-11-05\""))
            #expect(try await gateway.storedCounts().submissions == 0)
            let csv = """
                period,elderName,elderIdNumber,address,visitDate,visitType,durationMinutes,healthStatus,needs,visitor.name,visitor.role
                2026-12,王桂兰,210102193805120025,沈阳市和平区太原北街 12 号,2026-11-05,home,40,fair,,李晓梅,grid-worker
                """
            let uploaded = try await browser.upload("/portal/forms/elderly-visit@1/upload", file: csv)
            #expect(uploaded.body.contains("<td data-label=\"列\">走访日期</td><td data-label=\"问题\">不在本期填报周期内"))
            #expect(try await gateway.storedCounts().submissions == 0)
        }
    }

    @Test func aCorrectionStartsFromTheOriginalAndSupersedesIt() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let first = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "40"))
            let original = try #require(
                first.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let detail = try await browser.get("/portal/submissions/\(original)")
            #expect(detail.body.contains("/portal/forms/elderly-visit@1?correct=\(original)"))
            let form = try await browser.get("/portal/forms/elderly-visit@1?correct=\(original)")
            #expect(form.body.contains("name=\"_supersedes\" value=\"\(original)\""))
            #expect(form.body.contains("value=\"40\""))
            let fields = Self.visitForm(minutes: "50", idempotency: "correction-1").map {
                $0.0 == "_supersedes" ? ("_supersedes", original) : $0
            }
            let corrected = try await browser.post("/portal/forms/elderly-visit@1", fields)
            #expect(corrected.status == .seeOther)
            #expect(try await gateway.store.submission(id: original)?.status == .superseded)
            #expect(!(try await browser.get("/portal/submissions/\(original)").body.contains("?correct=")))
        }
    }

    @Test func arraysOfObjectsAreRowsAndBlankRowsAreIgnored() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let page = try await browser.get("/portal/forms/safety-inspection@1")
            #expect(page.body.contains("data-rows=\"hazards\""))
            #expect(page.body.contains("name=\"hazards.__i__.kind\""))
            let fields: [(String, String)] = [
                ("_unit", "210102001001"), ("_period", "2026-Q4"), ("_idempotency", "inspection-1"),
                ("placeName", "老边饺子小吃部"),
                ("placeType", "restaurant"), ("placeAddress", "沈阳市和平区中华路 101 号"), ("inspectedOn", "2026-10-14"),
                ("inspector", "李晓梅"), ("passed", "false"), ("hazards.0.kind", "gas"),
                ("hazards.0.description", "液化气罐与灶具间距不足"),
                ("hazards.0.rectified", "false"), ("hazards.1.kind", "smoking"), ("hazards.1.description", "后厨吸烟"),
                ("hazards.1.rectified", "true"), ("hazards.2.kind", ""), ("hazards.2.description", ""),
                ("hazards.2.rectified", ""),
                ("hazardCount", "2"),
            ]
            let refused = try await browser.post("/portal/forms/safety-inspection@1", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("<p class=\"field-error\" id=\"e-f-hazards-1-kind\">不是可选的值</p>"))
            var fixed = fields
            fixed[12] = ("hazards.1.kind", "other")
            let stored = try await browser.post("/portal/forms/safety-inspection@1", fixed)
            #expect(stored.status == .seeOther)
            let id = try #require(
                stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let hazards = try #require(try await gateway.store.submission(id: id)?.request.data["hazards"]?.arrayValue)
            #expect(hazards.count == 2)
            #expect(hazards[0]["rectified"] == .bool(false))
        }
    }

    @Test func anotherCommunitysDataStaysOutOfReach() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let sibling = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("sibling", idempotencyKey: "theirs"),
                body: try visitBody(unit: "210102001002")
            ) { try $0.json["id"]?.stringValue }
            let theirs = try #require(sibling)
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            for path in ["/portal/submissions/\(theirs)", "/portal/submissions/\(theirs)/deliveries"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound)
                #expect(!page.body.contains("王桂兰"))
            }
            #expect(
                try await browser.post("/portal/submissions/\(theirs)/reveal", [("field", "elderName")]).status
                    == .notFound)
            #expect(try await browser.get("/portal/forms/elderly-visit@1?correct=\(theirs)").status == .notFound)
            #expect(!(try await browser.get("/portal/submissions").body.contains(theirs)))
            #expect(try await browser.get("/portal/aggregates?unit=210102001002").status == .forbidden)
            let unknown = try await browser.get("/portal/no/such/page")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            let outside = try await browser.post(
                "/portal/forms/elderly-visit@1",
                PortalStaffTests.visitForm().map { $0.0 == "_unit" ? ("_unit", "210102001002") : $0 })
            #expect(outside.status == .forbidden)
            for path in [
                "/portal/admin/deliveries", "/portal/admin/targets", "/portal/admin/access", "/portal/admin/audit",
            ] {
                #expect(try await browser.get(path).status == .forbidden)
            }
        }
    }

    @Test func personalInformationIsMaskedUntilAnAuditedReveal() async throws {
        let gateway = try await TestGateway()
        let user = try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            let id = try #require(
                try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: gateway.headers("community", idempotencyKey: "mine"),
                    body: try visitBody()
                ) { try $0.json["id"]?.stringValue })
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let list = try await browser.get("/portal/submissions")
            #expect(list.body.contains("王**"))
            #expect(!list.body.contains("王桂兰"))
            let detail = try await browser.get("/portal/submissions/\(id)")
            #expect(detail.body.contains("210102********0025"))
            #expect(!detail.body.contains("210102193805120025"))
            #expect(detail.body.contains("入户走访"))
            let revealed = try await browser.post("/portal/submissions/\(id)/reveal", [("field", "elderIdNumber")])
            #expect(revealed.status == .ok)
            #expect(revealed.body.contains("210102193805120025"))
            #expect(!revealed.body.contains("王桂兰"))
            let audit = try await gateway.store.auditEntries(from: 1, limit: 100)
            #expect(
                audit.contains {
                    $0.action == "portal.pii-revealed" && $0.actor == user.id && $0.subject == id
                        && $0.detail["field"] == "elderIdNumber"
                })
        }
    }

    @Test func importPreviewsEveryRowThenStoresTheGoodOnesOnce() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let page = try await browser.get("/portal/forms/elderly-visit@1/upload")
            #expect(page.body.contains("href=\"/portal/forms/elderly-visit@1/template.xlsx\""))
            let template = try await browser.get("/portal/forms/elderly-visit@1/template.xlsx")
            #expect(template.status == .ok && template.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            #expect(
                template.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let csvTemplate = try await browser.get("/portal/forms/elderly-visit@1/template.csv")
            #expect(csvTemplate.bytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("报告周期,老人姓名".utf8)))

            // The preview checks every row and stores nothing: mistakes by row and Chinese column title, in plain words.
            let before = try await gateway.storedCounts().submissions
            let preview = try await browser.upload(
                "/portal/forms/elderly-visit@1/upload", bytes: try ImportFileTests.fixture("excel-visits.xlsx"),
                filename: "走访.xlsx")
            #expect(preview.status == .ok)
            #expect(preview.body.contains("共 3 行：1 行可以导入，2 行有错误。尚未保存任何一行。"))
            let errors = try #require(preview.body.range(of: "id=\"import-errors\"")).upperBound
            let table = String(preview.body[errors...]).components(separatedBy: "</table>").first ?? ""
            #expect(table.contains(">3</td><td data-label=\"列\">走访时长（分钟）</td>"))
            #expect(table.contains(">5</td><td data-label=\"列\">报告周期</td><td data-label=\"问题\">“2026年13月”不是有效的报告周期"))
            #expect(table.components(separatedBy: ">报告周期</td>").count == 2)
            #expect(table.contains("走访方式</td>") && table.contains("可填：入户走访、电话问候、视频问候、陪同就医或办事"))
            #expect(
                table.contains(">5</td><td data-label=\"列\">走访日期</td>") && table.contains("（例如 2026/12/6 或 2026年12月6日）")
            )
            for name in ["durationMinutes", "visitType", "/data", "visitor.role", "_period"] {
                #expect(!table.contains(name))
            }
            #expect(try await gateway.storedCounts().submissions == before)

            // Importing stores the good row; the same row again, from this file or another, is never stored twice.
            let content = try #require(Self.hiddenContent(preview.body))
            let imported = try await browser.upload(
                "/portal/forms/elderly-visit@1/import", bytes: Array(content.utf8), name: "content", filename: nil)
            #expect(imported.body.contains("共 3 行：1 行已保存（其中 0 行此前已导入，未重复保存），2 行有错误未保存。"))
            #expect(try await gateway.storedCounts().submissions == before + 1)
            let stored = try #require(try await gateway.store.submissions(matching: .init(limit: 10)).items.first)
            #expect(
                stored.request.period == "2026-12" && stored.request.data["visitType"] == "home"
                    && stored.request.data["visitDate"] == "2026-12-06")
            #expect(
                stored.request.data["needs"] == ["meal", "home-safety"]
                    && stored.request.data["visitor"]?["role"] == "grid-worker")
            let again = try await browser.upload(
                "/portal/forms/elderly-visit@1/import", bytes: Array(content.utf8), name: "content", filename: nil)
            #expect(again.body.contains("1 行已保存（其中 1 行此前已导入，未重复保存）"))
            #expect(try await gateway.storedCounts().submissions == before + 1)

            // A CSV in GB18030 with Chinese labels and natural dates: both rows pass and are stored.
            let gb = try await browser.upload(
                "/portal/forms/elderly-visit@1/upload", bytes: try ImportFileTests.fixture("gb18030-visits.csv"))
            #expect(gb.body.contains("共 2 行：2 行可以导入，0 行有错误。"))
            let gbContent = try #require(Self.hiddenContent(gb.body))
            _ = try await browser.upload(
                "/portal/forms/elderly-visit@1/import", bytes: Array(gbContent.utf8), name: "content", filename: nil)
            #expect(try await gateway.storedCounts().submissions == before + 3)

            // A header the contract does not know refuses the whole file, naming the column.
            let misspelt = try await browser.upload(
                "/portal/forms/elderly-visit@1/upload", file: "报告周期,老人姓名,走访人级别\n2026-12,王桂兰,网格员\n")
            #expect(misspelt.status == .unprocessableContent)
            #expect(misspelt.body.contains("表头中有报表里没有的列：走访人级别。"))
        }
    }

    /// The file a preview page carries to its import button.
    static func hiddenContent(_ body: String) -> String? {
        guard let start = body.range(of: "name=\"content\" value=\"") else { return nil }
        return String(body[start.upperBound...].prefix { $0 != "\"" })
    }
}
