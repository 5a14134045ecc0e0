import Foundation
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct FixtureRunnerTests {
    private static let manifest = DeclarativeAdapterTests.manifest

    private static let passing = """
        name: 入户走访报送成功
        capability: deliver
        settings: {token: test-token}
        input:
          submission: {id: sub-1, contract: elderly-visit@1, unit: "210102001001", period: 2026-11}
          data:
            elderName: 王桂兰
            elderIdNumber: "210102193805120025"
            visitType: home
            visitDate: 2026-11-05
            durationMinutes: 40
            needs: [meal]
        exchanges:
          - request:
              method: POST
              url: http://127.0.0.1:9001/api/visits?dw=210102001001
              headers: {authorization: Bearer test-token, X-Request-ID: sub-1}
              body: {xm: 王桂兰, sfzh: 210102********0025, zflx: "01", zfsj: "20261105000000", sc: "40", xq: meal}
            response:
              status: 200
              body: {code: "0000", data: {receiptNo: MZ2026001}}
        expect:
          outcome: delivered
          receipt: MZ2026001
        """

    private func run(_ fixture: String, manifest: String = manifest) async throws -> FixtureResult {
        let parsed = try Fixture(text: fixture, file: "fixtures/test.yaml")
        return await FixtureRunner(manifest: try DeclarativeTesting.manifest(manifest)).run(parsed)
    }

    @Test func aMatchingFixturePasses() async throws {
        let result = try await run(Self.passing)
        #expect(result.passed, "\(result.mismatches)")
        #expect(result.name == "入户走访报送成功")
    }

    @Test func aJSONFixtureReadsLikeAYAMLOne() async throws {
        let json = """
            {
            	"name": "JSON",
            	"capability": "deliver",
            	"settings": {"token": "test-token"},
            	"input": {"submission": {"id": "sub-1", "contract": "elderly-visit@1", "unit": "210102001001"},
            	          "data": {"elderName": "王桂兰", "elderIdNumber": "210102193805120025", "visitType": "home",
            	                   "visitDate": "2026-11-05", "durationMinutes": 40, "needs": ["meal"]}},
            	"exchanges": [{"request": {"body": {"xm": "王桂兰", "sfzh": "210102********0025", "zflx": "01",
            	                                   "zfsj": "20261105000000", "sc": "40", "xq": "meal"}},
            	               "response": {"status": 200, "body": {"code": "0000", "data": {"receiptNo": "MZ\\/1"}}}}],
            	"expect": {"outcome": "delivered", "receipt": "MZ/1"}
            }
            """
        let fixture = try Fixture(text: json, file: "fixtures/test.json")
        let result = await FixtureRunner(manifest: try DeclarativeTesting.manifest(Self.manifest)).run(fixture)
        #expect(result.passed, "\(result.mismatches)")
    }

    @Test func differencesAreReportedPathByPath() async throws {
        let fixture = Self.passing
            .replacingOccurrences(of: "zfsj: \"20261105000000\"", with: "zfsj: \"2026-11-05\", extra: 1")
            .replacingOccurrences(of: "X-Request-ID: sub-1", with: "X-Request-ID: sub-2")
            .replacingOccurrences(of: "receipt: MZ2026001", with: "receipt: MZ2026002")
            .replacingOccurrences(of: "?dw=210102001001", with: "")
        let result = try await run(fixture)
        #expect(
            result.mismatches.map(\.description) == [
                #"url: expected "http://127.0.0.1:9001/api/visits", got "http://127.0.0.1:9001/api/visits?dw=210102001001""#,
                #"headers.X-Request-ID: expected "sub-2", got "sub-1""#,
                #"body.zfsj: expected "2026-11-05", got "20261105000000""#,
                "body.extra: expected 1, got nothing",
                #"receipt: expected "MZ2026002", got "MZ2026001""#,
            ])
    }

    @Test func missingAndExtraRequestsAreReported() async throws {
        let twice = Self.passing.replacingOccurrences(
            of: "expect:",
            with: """
                - response: {status: 200}
                expect:
                """.replacingOccurrences(of: "- response", with: "  - response"))
        #expect(
            try await run(twice).mismatches.map(\.description) == [
                "request 2 request: expected a request, got no request"
            ])
        let none = Self.passing.replacingOccurrences(of: "exchanges:", with: "exchanges: []\nunused:")
        #expect(throws: ManifestError.self) { try Fixture(text: none, file: "f.yaml") }
        let silent = try Fixture(text: Self.passing, file: "f.yaml")
        var withoutExchanges = silent
        withoutExchanges.exchanges = []
        let result = await FixtureRunner(manifest: try DeclarativeTesting.manifest(Self.manifest)).run(withoutExchanges)
        #expect(
            result.mismatches.first?.description.hasPrefix(
                "request: expected no request, got POST http://127.0.0.1:9001/api/visits") == true)
        #expect(
            result.mismatches.last?.description.hasPrefix("outcome: expected delivered, got retry (no answer") == true)
    }

    @Test func anUnexpectedOutcomeAndExpectedErrors() async throws {
        let rejected = Self.passing.replacingOccurrences(
            of: #"body: {code: "0000", data: {receiptNo: MZ2026001}}"#, with: #"body: {code: "1001", msg: 字段缺失}"#)
        #expect(
            try await run(rejected).mismatches.map(\.description) == [
                #"outcome: expected delivered, got rejected (HTTP 200: 字段缺失 ($.code == "0000" does not hold))"#
            ])
        let expectsRejection = rejected.replacingOccurrences(
            of: "outcome: delivered\n  receipt: MZ2026001", with: "outcome: rejected\n  reason: 字段缺失")
        #expect(try await run(expectsRejection).passed)
        let badCode = Self.passing.replacingOccurrences(of: "visitType: home", with: "visitType: door")
            .replacingOccurrences(of: "outcome: delivered\n  receipt: MZ2026001", with: "error: is not in the table")
        let result = try await run(badCode)
        #expect(
            result.mismatches.map(\.description) == [
                "request: expected POST request to http://127.0.0.1:9001/api/visits?dw=210102001001, got no request"
            ])
    }

    @Test func missingSettingsAreNamed() async throws {
        let result = try await run(Self.passing.replacingOccurrences(of: "settings: {token: test-token}\n", with: ""))
        #expect(
            result.mismatches.map(\.description) == [
                "settings.token: expected a value in the fixture's settings:, got nothing"
            ])
    }

    @Test func aPagedFetchPlaysSeveralResponses() async throws {
        let manifest = """
            id: grid-app
            title: 网格通
            kind: declarative
            capabilities: [fetch]
            contracts: [elderly-visit@1]
            fetch:
              request: {url: http://127.0.0.1:9003/lnr, query: {dw: $.query.unit}}
              pagination: {type: page, param: page, size: 1, stop: short}
              records: $.rows
              map: {elderName: $.record.xm}
            """
        let fixture = """
            name: 两页老人名单
            capability: fetch
            input: {query: {contract: elderly-visit@1, unit: "210102001001"}}
            exchanges:
              - request: {url: "http://127.0.0.1:9003/lnr?dw=210102001001&page=1&pageSize=1"}
                response: {body: {rows: [{xm: 王桂兰}]}}
              - request: {url: "http://127.0.0.1:9003/lnr?dw=210102001001&page=2&pageSize=1"}
                response: {body: {rows: []}}
            expect:
              records: [{elderName: 王桂兰}]
            """
        let result = try await run(fixture, manifest: manifest)
        #expect(result.passed, "\(result.mismatches)")
        let wrong = try await run(
            fixture.replacingOccurrences(of: "records: [{elderName: 王桂兰}]", with: "records: [{elderName: 赵德顺}]"),
            manifest: manifest)
        #expect(wrong.mismatches.map(\.description) == [#"records[0].elderName: expected "赵德顺", got "王桂兰""#])
    }

    @Test func aSignedWebhookFixture() async throws {
        let manifest = """
            id: grid-app
            title: 网格通
            kind: declarative
            capabilities: [ingest]
            contracts: [elderly-visit@1]
            settings:
              secret: {env: S, secret: true}
            ingest:
              verify: {type: hmac, header: X-Signature, secret: "${settings.secret}"}
              unit: $.record.dw
              sourceID: $.record.id
              map:
                visitDate: $.record.rq | date(yyyyMMdd, yyyy-MM-dd)
            """
        let fixture = """
            name: 推送一条走访
            capability: ingest
            settings: {secret: whsec}
            input:
              webhook: {signed: true, body: {id: A1, dw: "210102001001", rq: "20261105"}}
            expect:
              submissions:
                - {contract: elderly-visit@1, unit: "210102001001", sourceID: A1, data: {visitDate: 2026-11-05}}
            """
        #expect(try await run(fixture, manifest: manifest).passed)
        let unsigned = try await run(fixture.replacingOccurrences(of: "signed: true, ", with: ""), manifest: manifest)
        #expect(
            unsigned.mismatches.first?.description.contains("refused: the webhook has no X-Signature signature header")
                == true)
    }

    @Test func xmlBodiesAreComparedAfterDecoding() async throws {
        let manifest = """
            id: health-commission
            title: 卫健委
            kind: declarative
            capabilities: [deliver]
            contracts: [elderly-visit@1]
            deliver:
              request:
                url: http://127.0.0.1:9002/ws
                format: xml
                xml: {root: Visit}
                body: {Date: $.data.visitDate, Minutes: $.data.durationMinutes}
              response: {format: xml, success: {when: "$.Result.Code == 0"}}
            """
        let fixture = """
            name: XML
            capability: deliver
            input:
              submission: {id: s, contract: elderly-visit@1, unit: "210102"}
              data: {visitDate: 2026-11-05, durationMinutes: 40}
            exchanges:
              - request:
                  body: {Visit: {Minutes: 40, Date: 2026-11-05}}
                response:
                  body: {Result: {Code: 0}}
            expect: {outcome: delivered}
            """
        let result = try await run(fixture, manifest: manifest)
        #expect(result.passed, "member order and whitespace do not matter: \(result.mismatches)")
        let raw = fixture.replacingOccurrences(
            of: "body: {Visit: {Minutes: 40, Date: 2026-11-05}}", with: "raw: <Visit><Date>2026-11-05</Date></Visit>")
        let rawResult = try await run(raw, manifest: manifest).mismatches.map(\.description)
        #expect(
            rawResult == [
                #"body: expected "<Visit><Date>2026-11-05</Date></Visit>", got "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Visit><Date>2026-11-05</Date><Minutes>40</Minutes></Visit>""#
            ], "\(rawResult)")
    }

    @Test func fixtureMistakesAreLocated() {
        let broken = """
            name: 坏的
            capability: delivr
            input: {submission: {id: s, contract: elderly-visit, unit: "1"}, data: {}}
            exchanges:
              - {response: {status: 999}}
            expect: {outcome: maybe}
            """
        do {
            _ = try Fixture(text: broken, file: "f.yaml")
            Issue.record("the fixture should not read")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    #"f.yaml:2:13: error: capability must be one of deliver, fetch, ingest, notify, not "delivr" (did you mean "deliver"?)"#
                ])
        }
        let later = broken.replacingOccurrences(of: "delivr", with: "deliver")
        do {
            _ = try Fixture(text: later, file: "f.yaml")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    #"f.yaml:3:39: error: bad contract ref "elderly-visit": expected <id>@<major>, e.g. elderly-visit@1"#,
                    #"f.yaml:5:25: error: status must be a whole number from 100 to 599, not "999""#,
                    #"f.yaml:6:19: error: outcome must be delivered, retry or rejected, not "maybe""#,
                ])
        }
    }

    @Test func fixturesAreLoadedFromTheFixturesFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gridway-fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixtures = folder.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try Self.passing.write(to: fixtures.appendingPathComponent("b-ok.yaml"), atomically: true, encoding: .utf8)
        try "name: x\n".write(to: fixtures.appendingPathComponent("a-broken.yml"), atomically: true, encoding: .utf8)
        try "notes".write(to: fixtures.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (loaded, problems) = Fixture.load(adapterFolder: folder)
        #expect(loaded.map(\.name) == ["入户走访报送成功"])
        #expect(
            problems.map(\.message) == [
                "the fixture is missing the required key \"capability\"",
                "the fixture is missing the required key \"input\"",
                "the fixture is missing the required key \"expect\"",
            ])
        #expect(problems.allSatisfy { $0.file.hasSuffix("fixtures/a-broken.yml") })
    }
}
