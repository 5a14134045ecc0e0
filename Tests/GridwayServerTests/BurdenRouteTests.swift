import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

@testable import GridwayServer

/// Burden accounting end to end: the prefill token, the figures of each accepted submission, and
/// `GET /v1/burden` rolled up the tree and scoped like the aggregates.
@Suite(.timeLimit(.minutes(3))) struct BurdenRouteTests {
    /// Where the targets would deliver: nowhere, since no dispatcher runs.
    private static let unreachable = "http://127.0.0.1:9"

    /// Two targets of elderly-visit@1 (never called: no dispatcher runs). Open fields: visitDate,
    /// visitType, durationMinutes, visitor; `b-conditional` also receives elderName, address, healthStatus.
    private static func gateway(clock: TestClock = TestClock()) async throws -> AdapterTestGateway {
        let gateway = try await AdapterTestGateway(adapters: [
            try TestAdapters.target("a-open-only", url: Self.unreachable, grant: []),
            try TestAdapters.target(
                "b-conditional", url: Self.unreachable, grant: ["elderName", "address", "healthStatus"]),
        ])
        var services = gateway.services
        services.prefillTokens = PrefillTokenSigner(
            secret: Array("the server's own prefill token secret".utf8), lifetime: .seconds(3600), now: { clock.date })
        return AdapterTestGateway(base: gateway.base, services: services)
    }

    /// The contract's first example (11 filled fields) as the worker types it from scratch.
    private static let typedFromScratch = try! visitBody()

    /// The elder of the contract's first example, whose facts the prefill offers.
    private static let elder = "210102193805120025"

    /// The second report, filled from the elder's prefill: the four subject facts offered (elderName,
    /// elderIdNumber, elderPhone, address) kept as offered; the visit's own fields, never offered, typed:
    /// needs as before, visitDate, visitType, durationMinutes and healthStatus changed, the visitor with
    /// a new phone (6 typed); notes left empty.
    private static let keptAndChanged = try! keptAndChanged(unit: "210102001001")

    private static func keptAndChanged(unit: String, elder: String = elder) throws -> ByteBuffer {
        try visitBody(unit: unit, minutes: 25) { data in
            data["elderIdNumber"] = .string(elder)
            data["visitDate"] = "2026-11-20"
            data["visitType"] = "phone"
            data["healthStatus"] = "good"
            data["visitor"] = ["name": "李晓梅", "role": "grid-worker", "phone": "13840099999"]
            data["notes"] = ""
        }
    }

    private func submit(
        _ client: some TestClientProtocol, _ gateway: AdapterTestGateway, _ body: ByteBuffer, key: String,
        as credential: String = "community", token: String? = nil
    ) async throws {
        var headers = gateway.base.headers(credential, idempotencyKey: key)
        if let token { headers[HTTPField.Name("Prefill-Token")!] = token }
        try await client.execute(uri: "/v1/submissions", method: .post, headers: headers, body: body) { response in
            #expect(response.status == .accepted, "\(String(buffer: response.body))")
        }
    }

    private func prefillToken(
        _ client: some TestClientProtocol, _ gateway: AdapterTestGateway, unit: String = "210102001001"
    )
        async throws -> String
    {
        try await client.execute(
            uri: "/v1/prefill?contract=elderly-visit@1&unit=\(unit)&subject=\(Self.elder)", method: .get,
            headers: gateway.headers("community")
        ) { response in
            #expect(response.status == .ok)
            return try #require(try response.json["token"]?.stringValue)
        }
    }

    private func burden(
        _ client: some TestClientProtocol, _ gateway: AdapterTestGateway, _ query: String,
        as credential: String = "admin"
    ) async throws -> JSONValue {
        try await client.execute(uri: "/v1/burden?\(query)", method: .get, headers: gateway.headers(credential)) {
            response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return try response.json
        }
    }

    private static func figures(submissions: Int64, typed: Int64, kept: Int64, delivered: Int64, forms: Int64)
        -> JSONValue
    {
        [
            "submissions": .integer(submissions), "fieldsTyped": .integer(typed), "fieldsKept": .integer(kept),
            "valuesDelivered": .integer(delivered), "formsReplaced": .integer(forms),
        ]
    }

    @Test func theFiguresEqualAHandCountOfTypedKeptAndChangedFields() async throws {
        let gateway = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            try await submit(client, gateway, Self.typedFromScratch, key: "first")
            // 11 typed, none kept; the open-only target receives 4 values, the other 7: 11 values, 2 forms.
            #expect(
                try await burden(client, gateway, "unit=210102001001")["totals"]
                    == Self.figures(submissions: 1, typed: 11, kept: 0, delivered: 11, forms: 2))
            let token = try await prefillToken(client, gateway)
            try await submit(client, gateway, Self.keptAndChanged, key: "second", token: token)
            // 4 kept, 6 typed, notes empty; delivered again 4 + 7 (healthStatus changed but present).
            let expected = Self.figures(submissions: 2, typed: 17, kept: 4, delivered: 22, forms: 4)
            #expect(try await burden(client, gateway, "unit=210102001001")["totals"] == expected)
            #expect(
                try await burden(client, gateway, "unit=210102001001&contract=elderly-visit@1&period=2026-11")["totals"]
                    == expected)
            #expect(
                try await burden(client, gateway, "unit=210102001001&period=2026-10")["totals"]
                    == Self.figures(submissions: 0, typed: 0, kept: 0, delivered: 0, forms: 0))
            try await client.execute(uri: "/metrics", method: .get, headers: gateway.headers("admin")) { response in
                let text = String(buffer: response.body)
                for line in [
                    #"gridway_burden_fields_kept{unit="21",contract="*"} 4"#,
                    #"gridway_burden_fields_typed{unit="21",contract="elderly-visit@1"} 17"#,
                    #"gridway_burden_values_delivered{unit="21",contract="*"} 22"#,
                    #"gridway_burden_forms_replaced{unit="21",contract="grid-incident@1"} 0"#,
                ] {
                    #expect(text.contains(line), "\(line) in\n\(text)")
                }
            }
        }
    }

    @Test func theFiguresRollUpTheTreeAndBreakDownByChild() async throws {
        let gateway = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            try await submit(client, gateway, Self.typedFromScratch, key: "community")
            try await submit(client, gateway, try visitBody(unit: "210102001002"), key: "sibling", as: "sibling")
            try await submit(client, gateway, try visitBody(unit: "210102001001002"), key: "grid")
            let one = Self.figures(submissions: 1, typed: 11, kept: 0, delivered: 11, forms: 2)
            let two = Self.figures(submissions: 2, typed: 22, kept: 0, delivered: 22, forms: 4)
            let three = Self.figures(submissions: 3, typed: 33, kept: 0, delivered: 33, forms: 6)
            for unit in ["210102001", "210102", "2101", "21"] {
                #expect(try await burden(client, gateway, "unit=\(unit)")["totals"] == three, "\(unit)")
            }
            #expect(try await burden(client, gateway, "unit=210102001001")["totals"] == two)
            #expect(try await burden(client, gateway, "unit=210102001002", as: "sibling")["totals"] == one)
            let street = try await burden(client, gateway, "unit=210102001&by=child", as: "street")
            let breakdown = Dictionary(
                uniqueKeysWithValues: (street["breakdown"]?.arrayValue ?? []).map {
                    ($0["unit"]?.stringValue ?? "", $0["submissions"]?.int64Value ?? -1)
                })
            #expect(breakdown["210102001001"] == 2)
            #expect(breakdown["210102001002"] == 1)
            #expect(breakdown["210102001003"] == 0)
        }
    }

    @Test(arguments: [
        ("unit=210102001002", "community", HTTPResponse.Status.forbidden, "/problems/out-of-scope"),
        ("unit=210102001", "community", .forbidden, "/problems/out-of-scope"),
        ("period=2026-11", "admin", .badRequest, "/problems/invalid-query"),
        ("unit=999", "admin", .unprocessableContent, "/problems/unknown-unit"),
        ("unit=21&contract=nothing@1", "admin", .unprocessableContent, "/problems/unknown-contract"),
        ("unit=21&contract=elderly-visit@1&period=2026-Q4", "admin", .unprocessableContent, "/problems/invalid-period"),
        ("unit=21&period=November", "admin", .unprocessableContent, "/problems/invalid-period"),
        ("unit=21&by=measure", "admin", .badRequest, "/problems/invalid-query"),
    ])
    func theQueryIsCheckedAndScopedLikeTheAggregates(
        query: String, credential: String, status: HTTPResponse.Status, type: String
    ) async throws {
        let gateway = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            try await client.execute(uri: "/v1/burden?\(query)", method: .get, headers: gateway.headers(credential)) {
                response in
                let body = try response.json
                #expect(response.status == status)
                #expect(body["type"]?.stringValue == type)
            }
        }
    }

    /// The kept count after the genuine token of a prefill answer was sent back with the
    /// kept-and-changed report (it must count, so a passing test proves the refusal, not a token
    /// that never counts), and after each of `tokens` (made from it) was sent with the same report.
    private func keptCounts(
        _ gateway: AdapterTestGateway, sender: String = "community", unit: String = "210102001001",
        elder: String = elder,
        tokens: @escaping @Sendable (_ genuine: String, _ credential: Credential) throws -> [String]
    ) async throws -> (genuine: JSONValue?, afterRefused: JSONValue?) {
        try await gateway.application.test(.router) { client in
            try await submit(client, gateway, Self.typedFromScratch, key: "first")
            let genuine = try await prefillToken(client, gateway)
            try await submit(client, gateway, Self.keptAndChanged, key: "genuine", token: genuine)
            let counted = try await burden(client, gateway, "unit=210102001001")["totals"]?["fieldsKept"]
            let community = try #require(try await gateway.base.store.credentials().first { $0.name == "community" })
            for (index, token) in try tokens(genuine, community).enumerated() {
                try await submit(
                    client, gateway, try Self.keptAndChanged(unit: unit, elder: elder), key: "refused-\(index)",
                    as: sender, token: token)
            }
            return (counted, try await burden(client, gateway, "unit=210102001001")["totals"]?["fieldsKept"])
        }
    }

    @Test func aForgedOrTamperedTokenCountsNothingAsKept() async throws {
        let counts = try await keptCounts(try await Self.gateway()) { genuine, community in
            let parts = genuine.split(separator: ".").map(String.init)
            // The genuine payload, edited to offer the changed visit date, under the genuine signature.
            var payload = try #require(Base64URL.decode(parts[1]).flatMap(PrefillToken.init(decoding:)))
            payload.offered["visitDate"] = PrefillToken.digest(of: "2026-11-20")
            let edited = Base64URL.encode(payload.encoded)
            let otherServer = PrefillTokenSigner(secret: Array("another server's prefill token secret".utf8))
            let offered = try JSONValue(parsing: Self.keptAndChanged.readableBytesView)["data"]?.objectValue ?? [:]
            return [
                otherServer.issue(
                    contract: "elderly-visit@1", unit: "210102001001", subject: nil, to: community,
                    offering: offered.map { ($0.key, $0.value) }),
                "v2.\(edited).\(parts[2])",
                "v2.\(parts[1]).\(Base64URL.encode(Array(repeating: 0, count: 32)))",
                "v1.\(parts[1]).\(parts[2])", "v2.\(parts[1])", "not a token", "v2.!!.??",
            ]
        }
        #expect(counts.genuine == 4, "the genuine token counts")
        #expect(counts.afterRefused == 4, "no forged token counts a field as kept")
    }

    @Test func anExpiredTokenCountsNothingAsKept() async throws {
        let clock = TestClock()
        let counts = try await keptCounts(try await Self.gateway(clock: clock)) { genuine, _ in
            clock.advance(by: .seconds(3601))
            return [genuine]
        }
        #expect(counts.genuine == 4, "the token counts within the hour")
        #expect(counts.afterRefused == 4, "the token expired an hour after its prefill answer")
    }

    @Test func aTokenOfAnotherUserCountsNothingAsKept() async throws {
        let counts = try await keptCounts(try await Self.gateway(), sender: "street") { genuine, _ in [genuine] }
        #expect(counts.genuine == 4)
        #expect(counts.afterRefused == 4, "the street's key sent the community key's token")
    }

    @Test func aTokenOfAnotherUnitCountsNothingAsKept() async throws {
        let counts = try await keptCounts(try await Self.gateway(), unit: "210102001001002") { genuine, _ in [genuine] }
        #expect(counts.genuine == 4)
        #expect(counts.afterRefused == 4, "the token was issued for 210102001001, the report is about one of its grids")
    }

    @Test func aTokenOfAnotherSubjectCountsNothingAsKept() async throws {
        // The facts offered for one elder, sent back with a report about another who happens to share them.
        let counts = try await keptCounts(try await Self.gateway(), elder: "21010219450302001X") { genuine, _ in
            [genuine]
        }
        #expect(counts.genuine == 4)
        #expect(
            counts.afterRefused == 4, "the token was issued for 210102193805120025, the report is about another elder")
    }
}
