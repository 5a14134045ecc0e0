import Foundation
import GridwayCore
import GridwayServer
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

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

    @Test func aFormIsPrefilledValidatedWithErrorsBesideTheFieldAndStored() async throws {
        let gateway = try await TestGateway()
        try await gateway.portalUser("liximei", role: .staff(unit: "210102001001"))
        try await gateway.application.test(.router) { client in
            _ = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "earlier"),
                body: try visitBody())
            let browser = PortalBrowser(client)
            try await browser.signIn(username: "liximei", password: "correct horse battery")
            let picker = try await browser.get("/portal/forms/elderly-visit@1?period=2026-11")
            #expect(picker.status == .ok)
            #expect(picker.body.contains("<label for=\"f-_subject\">选择老人</label>"))
            #expect(picker.body.contains("<option value=\"210102193805120025\">王** · 210102********0025　来源：上次填报（"))
            #expect(!picker.body.contains("value=\"王桂兰\""), "nothing is filled before the elder is picked")
            let form = try await browser.get("/portal/forms/elderly-visit@1?period=2026-11&subject=210102193805120025")
            #expect(form.status == .ok)
            #expect(form.body.contains("<option value=\"210102193805120025\" selected>"))
            #expect(form.body.contains("id=\"f-elderName\" name=\"elderName\" required"))
            #expect(form.body.contains("value=\"王桂兰\""))
            #expect(form.body.contains("已预填：上次填报"))
            #expect(!form.body.contains("<option value=\"home\" selected>"), "the visit's type is an event fact, never prefilled")
            #expect(form.body.contains("min=\"1\" max=\"600\""))

            let invalid = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "700"))
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains("id=\"f-durationMinutes\" name=\"durationMinutes\" required aria-describedby=\"h-f-durationMinutes e-f-durationMinutes\" aria-invalid=\"true\""))
            #expect(invalid.body.contains("<p class=\"field-error\" id=\"e-f-durationMinutes\">大于允许的最大值</p>"))
            #expect(invalid.body.contains("value=\"700\""))

            let missing = try await browser.post(
                "/portal/forms/elderly-visit@1", Self.visitForm().filter { $0.0 != "healthStatus" })
            #expect(missing.body.contains("<p class=\"field-error\" id=\"e-f-healthStatus\">必填项，请填写</p>"))

            let before = try await gateway.storedCounts().submissions
            let stored = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "45"))
            #expect(stored.status == .seeOther)
            let id = try #require(stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let submission = try #require(try await gateway.store.submission(id: id))
            #expect(submission.request.data["durationMinutes"] == .integer(45))
            #expect(submission.request.data["needs"] == ["meal", "home-safety"])
            #expect(submission.request.data["visitor"]?["role"] == "grid-worker")
            #expect(try await gateway.storedCounts().submissions == before + 1)
            // The same form sent twice (a double click) is stored once.
            #expect(try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "45")).location == stored.location)
            #expect(try await gateway.storedCounts().submissions == before + 1)
        }
    }

    @Test func aCorrectionStartsFromTheOriginalAndSupersedesIt() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let first = try await browser.post("/portal/forms/elderly-visit@1", Self.visitForm(minutes: "40"))
            let original = try #require(first.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
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
                ("_unit", "210102001001"), ("_period", "2026-Q4"), ("_idempotency", "inspection-1"), ("placeName", "老边饺子小吃部"),
                ("placeType", "restaurant"), ("placeAddress", "沈阳市和平区中华路 101 号"), ("inspectedOn", "2026-10-14"),
                ("inspector", "李晓梅"), ("passed", "false"), ("hazards.0.kind", "gas"), ("hazards.0.description", "液化气罐与灶具间距不足"),
                ("hazards.0.rectified", "false"), ("hazards.1.kind", "smoking"), ("hazards.1.description", "后厨吸烟"),
                ("hazards.1.rectified", "true"), ("hazards.2.kind", ""), ("hazards.2.description", ""), ("hazards.2.rectified", ""),
                ("hazardCount", "2"),
            ]
            let refused = try await browser.post("/portal/forms/safety-inspection@1", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("<p class=\"field-error\" id=\"e-f-hazards-1-kind\">不是可选的值</p>"))
            var fixed = fields
            fixed[12] = ("hazards.1.kind", "other")
            let stored = try await browser.post("/portal/forms/safety-inspection@1", fixed)
            #expect(stored.status == .seeOther)
            let id = try #require(stored.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
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
            #expect(try await browser.post("/portal/submissions/\(theirs)/reveal", [("field", "elderName")]).status == .notFound)
            #expect(try await browser.get("/portal/forms/elderly-visit@1?correct=\(theirs)").status == .notFound)
            #expect(!(try await browser.get("/portal/submissions").body.contains(theirs)))
            #expect(try await browser.get("/portal/aggregates?unit=210102001002").status == .forbidden)
            let unknown = try await browser.get("/portal/no/such/page")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            let outside = try await browser.post(
                "/portal/forms/elderly-visit@1", PortalStaffTests.visitForm().map { $0.0 == "_unit" ? ("_unit", "210102001002") : $0 })
            #expect(outside.status == .forbidden)
            for path in ["/portal/admin/deliveries", "/portal/admin/targets", "/portal/admin/access", "/portal/admin/audit"] {
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
                    uri: "/v1/submissions", method: .post, headers: gateway.headers("community", idempotencyKey: "mine"),
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
            #expect(audit.contains { $0.action == "portal.pii-revealed" && $0.actor == user.id && $0.subject == id && $0.detail["field"] == "elderIdNumber" })
        }
    }

    @Test func csvUploadStoresTheGoodRowsAndReportsEachRow() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let page = try await browser.get("/portal/forms/elderly-visit@1/upload")
            #expect(page.body.contains("unit,period,elderName"))
            let csv = """
                period,elderName,elderIdNumber,address,visitDate,visitType,durationMinutes,healthStatus,needs,visitor.name,visitor.role
                2026-11,王桂兰,210102193805120025,沈阳市和平区太原北街 12 号,2026-11-05,home,40,fair,meal;home-safety,李晓梅,grid-worker
                2026-11,赵德顺,21010219450302001X,沈阳市和平区南京北街 88 号,2026-11-18,phone,900,good,,孙志强,community-worker
                2026-11,刘淑芬,210102194407150021,沈阳市和平区南京北街 90 号,2026-11-19,video,20,good,,孙志强,community-worker
                """
            let before = try await gateway.storedCounts().submissions
            let result = try await browser.upload("/portal/forms/elderly-visit@1/upload", file: csv)
            #expect(result.status == .ok)
            #expect(result.body.contains("共 3 行：2 行已提交，1 行有错误未保存"))
            #expect(result.body.contains("<tr class=\"failed\"><td>3</td>"))
            #expect(result.body.contains("durationMinutes: 大于允许的最大值"))
            #expect(try await gateway.storedCounts().submissions == before + 2)
            let misspelt = try await browser.upload(
                "/portal/forms/elderly-visit@1/upload", file: csv.replacingOccurrences(of: "visitor.role", with: "visitor.rank"))
            #expect(misspelt.status == .unprocessableContent)
            #expect(misspelt.body.contains("文件含有报表中没有的列：visitor.rank"))
            #expect(try await gateway.storedCounts().submissions == before + 2)
            let again = try await browser.upload("/portal/forms/elderly-visit@1/upload", file: csv)
            #expect(again.body.contains("此前已提交"))
            #expect(try await gateway.storedCounts().submissions == before + 2)
        }
    }
}
