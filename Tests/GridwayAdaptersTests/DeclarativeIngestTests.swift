import Foundation
import GridwayJSON
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeIngestTests {
    private static func manifest(verify: String, format: String = "json") -> String {
        """
        id: grid-app
        title: 网格通
        kind: declarative
        capabilities: [ingest]
        contracts: [elderly-visit@1]
        settings:
          secret: {env: GRID_SECRET, secret: true}
        tables:
          zffs: {"1": home, "2": phone}
        ingest:
          verify: \(verify)
          format: \(format)
          records: $.records
          unit: $.record.sqdm
          period: $.record.zfrq | date(yyyyMMdd, yyyy-MM)
          sourceID: ${$.body.xtbm}-${$.record.jlbh}
          map:
            visitDate: $.record.zfrq | date(yyyyMMdd, yyyy-MM-dd)
            visitType: $.record.zffs | lookup(zffs)
            durationMinutes: $.record.sc | integer
        """
    }

    private static let body = Array(
        #"{"xtbm":"WGT","records":[{"jlbh":"A1","sqdm":"210102001001","zfrq":"20261105","zffs":"1","sc":"40"},{"jlbh":"A2","sqdm":"210102001002","zfrq":"20261106","zffs":"2","sc":"15"}]}"#
            .utf8)

    private static let hmac = "{type: hmac, header: X-Signature, secret: '${settings.secret}', prefix: 'sha256='}"

    @Test func recordsBecomeSubmissionsWithTheirSourceIDs() async throws {
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(verify: "{type: none}"), environment: ["GRID_SECRET": "x"])
        let records = try await adapter.ingest(InboundWebhook(headers: [], body: Self.body))
        #expect(records.map(\.sourceID) == ["WGT-A1", "WGT-A2"])
        #expect(
            records.first?.request
                == SubmissionRequest(
                    contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001", period: "2026-11",
                    data: ["visitDate": "2026-11-05", "visitType": "home", "durationMinutes": 40]))
        #expect(records.last?.request.unit == "210102001002")
    }

    @Test func anHMACSignatureOverTheRawBodyIsChecked() async throws {
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(verify: Self.hmac), environment: ["GRID_SECRET": "whsec"])
        let signature = try #require(
            adapter.manifest.ingest?.verification.header(for: Self.body, settings: ["secret": "whsec"]))
        #expect(signature.value.hasPrefix("sha256=") && signature.value.count == 71)
        try adapter.authenticate(InboundWebhook(headers: [HTTPHeader("x-signature", signature.value)], body: Self.body))
        #expect(throws: AdapterError.refused("the X-Signature signature does not match the body")) {
            try adapter.authenticate(InboundWebhook(headers: [signature], body: Self.body + [0x20]))
        }
        #expect(throws: AdapterError.refused("the webhook has no X-Signature signature header")) {
            try adapter.authenticate(InboundWebhook(headers: [], body: Self.body))
        }
        // Reading the records checks nothing: a webhook with a Gridway key needs no signature.
        #expect(try await adapter.ingest(InboundWebhook(headers: [], body: Self.body)).count == 2)
    }

    @Test func aKnownHMACValueIsAccepted() async throws {
        let body = Array(#"{"records":[{"jlbh":"A1"}]}"#.utf8)
        let verification = try DeclarativeTesting.adapter(
            Self.manifest(verify: Self.hmac), environment: ["GRID_SECRET": "whsec"]
        )
        .manifest.ingest?.verification
        let header = HTTPHeader(
            "X-Signature", "sha256=ba65aaba7d6bfc37f646306386b61391b37a153edfe0d0706a823de7a2a93bfd")
        #expect(throws: Never.self) {
            try verification?.verify(InboundWebhook(headers: [header], body: body), settings: ["secret": "whsec"])
        }
    }

    @Test func aStaticTokenHeaderIsChecked() async throws {
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(verify: "{type: token, header: X-Token, token: '${settings.secret}'}"),
            environment: ["GRID_SECRET": "t0k"])
        try adapter.authenticate(InboundWebhook(headers: [HTTPHeader("X-Token", "t0k")], body: Self.body))
        #expect(throws: AdapterError.refused("the X-Token token does not match")) {
            try adapter.authenticate(InboundWebhook(headers: [HTTPHeader("X-Token", "t0j")], body: Self.body))
        }
    }

    @Test func aBodyInAnotherFormatIsRefused() async throws {
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(verify: "{type: none}"), environment: ["GRID_SECRET": "x"])
        let error = await #expect(throws: AdapterError.self) {
            try await adapter.ingest(InboundWebhook(headers: [], body: Array("<x/>".utf8)))
        }
        guard case .refused(let reason)? = error else {
            Issue.record("expected refused")
            return
        }
        #expect(reason.hasPrefix("the body is not json"))
    }

    @Test func aRecordWithoutAUnitIsNamed() async throws {
        let adapter = try DeclarativeTesting.adapter(
            Self.manifest(verify: "{type: none}"), environment: ["GRID_SECRET": "x"])
        let body = Array(#"{"xtbm":"WGT","records":[{"jlbh":"A1","zfrq":"20261105","zffs":"1","sc":"40"}]}"#.utf8)
        let error = await #expect(throws: AdapterError.self) {
            try await adapter.ingest(InboundWebhook(headers: [], body: body))
        }
        guard case .mapping(let location, _)? = error else {
            Issue.record("expected a mapping error")
            return
        }
        #expect(location == "records[0].unit")
    }

    @Test func formWebhooksAreRead() async throws {
        let yaml = Self.manifest(verify: "{type: none}", format: "form").replacingOccurrences(
            of: "  records: $.records\n", with: ""
        )
        .replacingOccurrences(of: "${$.body.xtbm}-", with: "")
        let adapter = try DeclarativeTesting.adapter(yaml, environment: ["GRID_SECRET": "x"])
        let records = try await adapter.ingest(
            InboundWebhook(
                headers: [], body: Array("jlbh=B7&sqdm=210102001001&zfrq=20261105&zffs=2&sc=%2030".utf8)))
        #expect(records.map(\.sourceID) == ["B7"])
        #expect(
            records.first?.request.data == ["visitDate": "2026-11-05", "visitType": "phone", "durationMinutes": 30])
    }

    @Test func verificationMustBeSaid() {
        let yaml = Self.manifest(verify: "{type: none}").replacingOccurrences(of: "  verify: {type: none}\n", with: "")
        #expect(
            DeclarativeTesting.diagnostics(yaml).contains {
                $0.message == "ingest is missing the required key \"verify\""
            })
        let literal = DeclarativeTesting.diagnostics(Self.manifest(verify: "{type: hmac, header: X-Sig, secret: abc}"))
        #expect(literal.contains { $0.message.hasPrefix("verify secret holds a literal secret") })
    }
}
