import Foundation
import GridwayJSON
import GridwayTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdapterCommandTests {
    /// The fixture name each capability's scaffold writes for elderly-visit@1.
    static let fixtureNames = [
        "deliver": "报送一条独居/空巢老人走访记录", "fetch": "读取一条独居/空巢老人走访记录",
        "ingest": "接收一条独居/空巢老人走访记录", "notify": "下发一条任务",
    ]

    @Test(arguments: [
        ("json", "deliver"), ("xml", "deliver"), ("form", "deliver"), ("csv", "deliver"), ("json", "fetch"),
        ("xml", "ingest"), ("csv", "fetch"), ("form", "notify"),
    ])
    func aNewAdapterChecksAndPassesItsFixture(format: String, capability: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = try await GatewayProcess.run([
            "adapter", "new", "civil-affairs-test", "--dir", directory.path, "--format", format, "--capability",
            capability, "--contract", "elderly-visit@1",
        ])
        #expect(created.status == 0, "\(created.output)")
        let folder = directory.appendingPathComponent("civil-affairs-test").path
        for file in ["adapter.yaml", "README.md", "fixtures/\(capability)-example.yaml"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) is missing")
        }
        let checked = try await GatewayProcess.run(["adapter", "check", folder])
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("ok: no errors (0 warnings)"))
        let tested = try await GatewayProcess.run(["adapter", "test", folder])
        #expect(tested.status == 0, "\(tested.output)")
        #expect(tested.output.contains("✔ \(Self.fixtureNames[capability] ?? capability)"), "\(tested.output)")
        #expect(tested.output.hasSuffix("1 passed, 0 failed\n"))
        let again = try await GatewayProcess.run(["adapter", "new", "civil-affairs-test", "--dir", directory.path])
        #expect(again.status != 0 && again.output.contains("already exists"), "\(again.output)")
    }

    @Test func anUnknownCapabilityIsRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await GatewayProcess.run([
            "adapter", "new", "x-test", "--dir", directory.path, "--capability", "remote",
        ])
        #expect(result.status == 64, "a validation error exits 64")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x-test").path))
    }

    @Test func aBrokenManifestListsEveryErrorWithLineAndColumn() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("civil-affairs-broken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        id: civil-affairs-broken
        title: 民政
        kind: declarative
        capabilities: [deliver]
        contracts:
          - ref: elderly-visit@1
            grant: [elderNam]
        settings:
          token: {env: CA_TOKEN, secret: true}
        deliver:
          request:
            url: http://127.0.0.1:9001/visits
            auth: {type: bearer, token: abc123}
            bdoy: {}
            body:
              xm: $.data.elderName | uppercase
              sfzh: $.data.elderIdNumber
              rq: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmsz)
              x: $.data.visitor[
              nf: $.data.nofield
        """.write(to: folder.appendingPathComponent("adapter.yaml"), atomically: true, encoding: .utf8)
        let result = try await GatewayProcess.run(["adapter", "check", folder.path])
        #expect(result.status == 1)
        let file = folder.appendingPathComponent("adapter.yaml").path
        let expected = [
            "\(file):13:33: error: auth token holds a literal secret",
            "\(file):14:5: error: unknown key \"bdoy\" in deliver request (did you mean \"body\"?)",
            "\(file):16:30: error: unknown transform \"uppercase\"",
            "\(file):18:60: error: bad date format \"yyyyMMddHHmmsz\"",
            "\(file):19:25: error: bad JSONPath $.data.visitor[",
        ]
        for line in expected {
            #expect(
                result.output.split(separator: "\n").contains { $0.hasPrefix(line) },
                "missing \(line) in\n\(result.output)")
        }
        #expect(result.output.contains("5 errors"), "\(result.output)")

        try String(contentsOf: folder.appendingPathComponent("adapter.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "token: abc123", with: "token: \"${settings.token}\"").replacingOccurrences(
                of: "    bdoy: {}\n", with: ""
            )
            .replacingOccurrences(of: " | uppercase", with: "").replacingOccurrences(of: "HHmmsz", with: "HHmmss")
            .replacingOccurrences(of: "$.data.visitor[", with: "$.data.visitor.name")
            .write(to: folder.appendingPathComponent("adapter.yaml"), atomically: true, encoding: .utf8)
        let catalogChecked = try await GatewayProcess.run(["adapter", "check", folder.path])
        #expect(catalogChecked.status == 1)
        for line in [
            "\(file):7:13: error: elderNam is not a field of elderly-visit@1 (did you mean \"elderName\"?)",
            "\(file):15:11: error: $.data.elderName reads elderName, a conditional field of elderly-visit@1, without a grant",
            "\(file):16:13: error: $.data.elderIdNumber reads elderIdNumber, a restricted field of elderly-visit@1, without a grant",
            "\(file):19:11: error: $.data.nofield: nofield is not a field of elderly-visit@1",
        ] {
            #expect(
                catalogChecked.output.split(separator: "\n").contains { $0.hasPrefix(line) },
                "missing \(line) in\n\(catalogChecked.output)")
        }
    }

    @Test func aFailingFixturePrintsItsDiff() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(
            try await GatewayProcess.run([
                "adapter", "new", "diff-test", "--dir", directory.path, "--contract", "elderly-visit@1",
            ]).status == 0)
        let manifest = directory.appendingPathComponent("diff-test/adapter.yaml")
        try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(
                of: "visitDate: $.data.visitDate",
                with: "visitDate: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmss)"
            )
            .write(to: manifest, atomically: true, encoding: .utf8)
        let result = try await GatewayProcess.run([
            "adapter", "test", directory.appendingPathComponent("diff-test").path,
        ])
        #expect(result.status == 1)
        #expect(result.output.contains("✘ 报送一条独居/空巢老人走访记录 (deliver-example.yaml)"), "\(result.output)")
        #expect(
            result.output.contains(#"body.visitDate: expected "2026-11-05", got "20261105000000""#), "\(result.output)")
        #expect(result.output.hasSuffix("0 passed, 1 failed\n"))
    }
}
