import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import Testing

@Suite struct ManifestParsingTests {
    static let valid = """
        id: civil-affairs-elderly
        title: 民政局居家养老服务平台
        kind: declarative
        capabilities: [deliver]
        jurisdiction: "210102"
        contracts:
          - ref: elderly-visit@1
            grant: [elderName, elderIdNumber, needs]
        settings:
          baseURL: {env: CIVIL_AFFAIRS_URL, default: "http://127.0.0.1:9001"}
          token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}
        tables:
          visitType: {home: "01", phone: "02", video: "03", accompanied: "04"}
        deliver:
          request:
            url: ${settings.baseURL}/api/visits
            auth: {type: bearer, token: "${settings.token}"}
            headers:
              X-Request-ID: ${$.submission.id}
            body:
              xm: $.data.elderName
              sfzh: $.data.elderIdNumber | mask(6, 4)
              zflx: $.data.visitType | lookup(visitType)
              zfsj: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmss)
              needs: $.data.needs | optional
          response:
            success: {status: [200], when: '$.code == "0000"'}
            receipt: $.data.receiptNo
        """

    @Test func aValidManifestReads() throws {
        let manifest = try AdapterManifest(yaml: Self.valid, file: "adapter.yaml", folderName: "civil-affairs-elderly")
        #expect(manifest.id == "civil-affairs-elderly")
        #expect(manifest.capabilities == [.deliver])
        #expect(manifest.contracts.first?.grantedFields == ["elderName", "elderIdNumber", "needs"])
        #expect(manifest.settings.map(\.name) == ["baseURL", "token"])
        #expect(manifest.warnings.isEmpty, "\(manifest.warnings)")
    }

    static let broken = """
        id: Civil_Affairs
        title: 民政
        kind: declarative
        capabilities: [deliver, fech]
        contracts:
          - ref: elderly-visit@1
            grant: [elderName]
        settings:
          token: {env: CA_TOKEN, secret: true}
        deliver:
          reqest: {}
          request:
            url: ${settings.baseURL}/visits
            auth: {type: bearer, token: hard-coded-token}
            bdoy: {}
            body:
              xm: $.data.elderName | uppercase
              sj: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmsz)
              bad: $.data[
              x: $.dat.elderName
          response:
            success: {status: [200, 7xx]}
        """

    @Test func everyMistakeIsReportedWithItsLineAndColumnInOneRun() {
        let diagnostics = DeclarativeTesting.diagnostics(Self.broken).filter { $0.severity == .error }.map(
            \.description)
        let expected = [
            "adapter.yaml:1:5: error: id \"Civil_Affairs\" must be lowercase kebab-case",
            "adapter.yaml:4:25: error: unknown capability \"fech\" (did you mean \"fetch\"?)",
            "adapter.yaml:11:3: error: unknown key \"reqest\" in deliver (did you mean \"request\"?)",
            "adapter.yaml:13:12: error: unknown setting \"baseURL\"",
            "adapter.yaml:14:33: error: auth token holds a literal secret",
            "adapter.yaml:15:5: error: unknown key \"bdoy\" in deliver request (did you mean \"body\"?)",
            "adapter.yaml:17:30: error: unknown transform \"uppercase\"",
            "adapter.yaml:18:60: error: bad date format \"yyyyMMddHHmmsz\": \"z\" is not a pattern field",
            "adapter.yaml:19:19: error: bad JSONPath $.data[",
            "adapter.yaml:20:10: error: $.dat.elderName: the deliver input has no \"dat\"",
            "adapter.yaml:22:29: error: \"7xx\" is not a status",
        ]
        for line in expected {
            #expect(
                diagnostics.contains { $0.hasPrefix(line) },
                "missing \(line)\nin\n\(diagnostics.joined(separator: "\n"))")
        }
        #expect(diagnostics.count == expected.count, "\(diagnostics.joined(separator: "\n"))")
    }

    @Test func aYAMLSyntaxErrorIsLocated() {
        let diagnostics = DeclarativeTesting.diagnostics("id: x\ntitle: [unclosed\nkind: declarative\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.position?.line == 3, "\(diagnostics)")
        #expect(diagnostics.first?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func theIdMustEqualTheFolderName() {
        #expect(throws: ManifestError.self) {
            try AdapterManifest(yaml: Self.valid, file: "adapter.yaml", folderName: "health-commission")
        }
    }

    @Test func capabilitiesAndSectionsMustAgree() {
        let manifest = Self.valid.replacingOccurrences(of: "capabilities: [deliver]", with: "capabilities: [fetch]")
        let messages = DeclarativeTesting.diagnostics(manifest).map(\.description)
        #expect(
            messages.contains {
                $0.hasPrefix("adapter.yaml:4:15: error: capabilities lists fetch but there is no fetch: section")
            })
        #expect(
            messages.contains {
                $0.hasPrefix(
                    "adapter.yaml:14:1: error: deliver: section present but capabilities does not list deliver")
            })
    }

    @Test func aSettingWithoutValueIsNamedAtItsDeclaration() throws {
        let manifest = try DeclarativeTesting.manifest(Self.valid)
        #expect(throws: ManifestError.self) { try manifest.resolveSettings([:]) }
        do {
            _ = try manifest.resolveSettings([:])
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "adapter.yaml:11:3: error: setting \"token\" has no value: set the environment variable CIVIL_AFFAIRS_TOKEN or give it a default"
                ])
        }
        #expect(
            try manifest.resolveSettings(["CIVIL_AFFAIRS_TOKEN": "t"]) == [
                "baseURL": "http://127.0.0.1:9001", "token": "t",
            ])
    }

    @Test func secretsStayOutOfTheManifest() {
        let withDefault = Self.valid.replacingOccurrences(
            of: "token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}",
            with: "token: {env: CIVIL_AFFAIRS_TOKEN, secret: true, default: abc}")
        #expect(
            DeclarativeTesting.diagnostics(withDefault).contains {
                $0.message.hasPrefix("a secret setting must not have a default")
            })
        let notSecret = Self.valid.replacingOccurrences(
            of: "token: {env: CIVIL_AFFAIRS_TOKEN, secret: true}", with: "token: {env: CIVIL_AFFAIRS_TOKEN}")
        let warnings = DeclarativeTesting.diagnostics(notSecret)
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.message.contains("not marked secret: true") == true)
    }

    @Test func unusedSettingsAreWarnedAbout() throws {
        let manifest = try DeclarativeTesting.manifest(
            Self.valid.replacingOccurrences(of: "settings:\n", with: "settings:\n  spare: {env: SPARE}\n"))
        #expect(manifest.warnings.map(\.description) == ["adapter.yaml:10:3: warning: setting \"spare\" is never used"])
    }

    @Test func aRemoteManifestIsResolvedForTheRemoteClient() throws {
        let manifest = try DeclarativeTesting.manifest(
            """
            id: grid-app
            title: 网格通
            kind: remote
            capabilities: [fetch, ingest]
            contracts: [grid-incident@1]
            settings:
              url: {env: GRID_APP_URL}
              secret: {env: GRID_APP_SECRET, secret: true}
            remote:
              endpoint: ${settings.url}
              secret: ${settings.secret}
              timeout: 5s
              config: {areaCode: "210102", endpointCopy: "${settings.url}/x"}
            """)
        let remote = try manifest.remoteManifest(environment: [
            "GRID_APP_URL": "http://127.0.0.1:7000", "GRID_APP_SECRET": "whsec",
        ])
        #expect(remote.endpoint == "http://127.0.0.1:7000")
        #expect(remote.secret == "whsec")
        #expect(remote.timeout == .seconds(5))
        #expect(remote.config == ["areaCode": "210102", "endpointCopy": "http://127.0.0.1:7000/x"])
        #expect(remote.descriptor.kind == .remote)
        #expect(remote.descriptor.capabilities == [.fetch, .ingest])
    }

    @Test func aRemoteAdapterHasNoDeclarativeSections() {
        let messages = DeclarativeTesting.diagnostics(
            """
            id: grid-app
            title: 网格通
            kind: remote
            capabilities: [fetch]
            contracts: [grid-incident@1]
            fetch: {}
            """
        ).map(\.description)
        #expect(
            messages.contains {
                $0.hasPrefix("adapter.yaml:1:1: error: a kind: remote adapter needs a remote: section")
            })
        #expect(
            messages.contains {
                $0.hasPrefix("adapter.yaml:6:1: error: fetch: sections belong to declarative adapters")
            })
    }
}
