import Foundation
import GridwayCore
import GridwayJSON
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GridwayServer

/// Every problem type reads in Chinese and in English; the API answers in the language `Accept-Language` prefers.
@Suite(.timeLimit(.minutes(3))) struct ProblemLanguageTests {
    /// Whether `text` has a Chinese character in it.
    static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The `{n}` placeholders of a text.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{\d+\}/).map { String($0.output) })
    }

    @Test(arguments: ProblemType.allCases) func everyProblemTypeHasAChineseAndAnEnglishTitleAndDetail(
        _ type: ProblemType
    ) throws {
        let catalog = try PortalCatalog.load()
        let zh = catalog.text(.zh).strings
        let en = catalog.text(.en).strings
        let zhTitle = try #require(zh[type.textKey], "no Chinese title for \(type.rawValue)")
        let zhDetail = try #require(zh[type.textKey + ".detail"], "no Chinese detail for \(type.rawValue)")
        #expect(Self.isChinese(zhTitle) && Self.isChinese(zhDetail))
        let enTitle = try #require(en[type.textKey], "no English title for \(type.rawValue)")
        let enDetail = try #require(en[type.textKey + ".detail"], "no English detail for \(type.rawValue)")
        #expect(!enTitle.isEmpty && !enDetail.isEmpty)
        #expect(Self.placeholders(zhDetail) == Self.placeholders(enDetail))
        #expect(!zhDetail.contains("usr_") && !zhDetail.contains("key_"))
    }

    @Test func acceptLanguagePicksTheHighestRankedLanguageTheInterfaceHas() {
        #expect(PortalLanguage(acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8") == .zh)
        #expect(PortalLanguage(acceptLanguage: "en-US, zh;q=0.5") == .en)
        #expect(PortalLanguage(acceptLanguage: "fr, zh-Hans;q=0.3") == .zh)
        #expect(PortalLanguage(acceptLanguage: "zh;q=0, en;q=0.1") == .en)
        #expect(PortalLanguage(acceptLanguage: "fr, de") == nil)
        #expect(PortalLanguage(acceptLanguage: nil) == nil)
    }

    @Test func theAPIAnswersInChineseWhenAskedAndInEnglishByDefault() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            var chinese = gateway.headers("community")
            chinese[.acceptLanguage] = "zh-CN,zh;q=0.9,en;q=0.8"
            let missing = try await client.execute(uri: "/v1/submissions/sub_nothing", method: .get, headers: chinese)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentLanguage] == "zh-CN")
            #expect(try missing.json["title"] == "没有找到")
            #expect(try missing.json["type"] == "/problems/not-found")

            let english = try await client.execute(
                uri: "/v1/submissions/sub_nothing", method: .get, headers: gateway.headers("community"))
            #expect(english.headers[.contentLanguage] == "en")
            #expect(try english.json["title"] == "Not found")

            chinese[HTTPField.Name("Idempotency-Key")!] = "unknown-unit"
            let unknownUnit = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: chinese, body: try visitBody(unit: "999999999999"))
            #expect(unknownUnit.status == .unprocessableContent)
            #expect(try unknownUnit.json["title"] == "没有这个单位")
            #expect(try unknownUnit.json["detail"] == "单位代码 999999999999 不在单位目录中，请检查后重新选择。")

            chinese[HTTPField.Name("Idempotency-Key")!] = "too-long"
            let invalid = try await client.execute(
                uri: "/v1/submissions", method: .post, headers: chinese, body: try visitBody(minutes: 700))
            #expect(try invalid.json["title"] == "填报内容有误")
            #expect(try invalid.json["errors"]?[0]?["message"] == "大于允许的最大值")
            #expect(try invalid.json["errors"]?[0]?["instanceLocation"] == "/data/durationMinutes")
        }
    }

    @Test func aRefusalNamesNoCredentialInChinese() async throws {
        let gateway = try await TestGateway()
        try await gateway.application.test(.router) { client in
            var headers = gateway.headers("community")
            headers[.acceptLanguage] = "zh"
            let refused = try await client.execute(uri: "/v1/deliveries", method: .get, headers: headers)
            #expect(refused.status == .forbidden)
            #expect(try refused.json["title"] == "仅限运维管理员")
            let detail = try #require(try refused.json["detail"]?.stringValue)
            #expect(!detail.contains("usr_") && !detail.contains("key_"))
        }
        try await gateway.withCommunityWorker { browser in
            let page = try await browser.get("/portal/admin/audit")
            #expect(page.status == .forbidden)
            #expect(page.body.contains("<h1>仅限运维管理员</h1>"))
            #expect(!page.body.contains("usr_") && !page.body.contains("key_"))
            let outside = try await browser.get("/portal/aggregates?unit=210102001002")
            #expect(outside.status == .forbidden)
            #expect(outside.body.contains("<h1>超出您的权限范围</h1>"))
            #expect(!outside.body.contains("usr_") && !outside.body.contains("credential"))
            let unknown = try await browser.get("/portal/no-such-page")
            #expect(unknown.status == .notFound)
            #expect(unknown.body.contains("<h1>没有找到</h1>"))
        }
    }

    @Test func aBadPeriodInTheFormIsNamedByItsTitleAndExplainedInChinese() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            try await browser.get("/portal/forms/elderly-visit@1")
            let fields = PortalStaffTests.visitForm().map { $0.0 == "_period" ? ("_period", "not a month") : $0 }
            let page = try await browser.post("/portal/forms/elderly-visit@1", fields)
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("报告周期：报告周期与此报表的周期类型不符"))
            #expect(!page.body.contains("_period："))
            #expect(!page.body.contains("is not a month"))
        }
    }
}
