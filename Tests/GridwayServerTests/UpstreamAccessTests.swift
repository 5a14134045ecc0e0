import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayServer
import GridwayStandIns
import GridwayStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderedCollections
import Testing

/// What an upstream key may read and do beyond the authorization matrix: it files nothing, reads the
/// unified query only as its target's grant allows, and sees only its own target's delivery; and every
/// `/v1` reply is marked private.
@Suite(.timeLimit(.minutes(3))) struct UpstreamAccessTests {
    private static let civilAffairs = "civil-affairs-elderly"
    private static let healthCommission = "health-commission-visits"

    /// Gateway keys plus `civil` and `health`, upstream keys of the two shipped delivery targets of
    /// elderly visits (neither of which is ever reached: no dispatcher runs).
    private static func gateway(with extra: [any Adapter] = []) async throws -> (AdapterTestGateway, [String: String]) {
        let targets: [any Adapter] = [
            try TestAdapters.shipped(
                civilAffairs, settings: ["CIVIL_AFFAIRS_URL": "http://127.0.0.1:9", "CIVIL_AFFAIRS_TOKEN": "t"]),
            try TestAdapters.shipped(
                healthCommission,
                settings: [
                    "HEALTH_COMMISSION_URL": "http://127.0.0.1:9", "HEALTH_COMMISSION_APP_ID": "a",
                    "HEALTH_COMMISSION_APP_SECRET": "s",
                ]),
        ]
        let gateway = try await AdapterTestGateway(adapters: targets + extra)
        var keys = gateway.base.keys
        for (name, target) in [("civil", civilAffairs), ("health", healthCommission)] {
            let key = APIKey.generate()
            _ = try await gateway.base.store.createCredential(
                name: name, role: .upstream(target: target, jurisdiction: "210102"), keyHash: key.hash, by: "test")
            keys[name] = key.secret
        }
        return (gateway, keys)
    }

    private static func headers(_ secret: String?, idempotencyKey: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let secret { fields[.authorization] = "Bearer \(secret)" }
        if let idempotencyKey { fields[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return fields
    }

    /// Files the community's elderly visit and returns its id.
    private static func fileVisit(_ client: some TestClientProtocol, keys: [String: String]) async throws -> String {
        let id = try await client.execute(
            uri: "/v1/submissions", method: .post,
            headers: headers(keys["community"], idempotencyKey: UUID().uuidString),
            body: try visitBody()
        ) { try $0.json["id"]?.stringValue }
        return try #require(id)
    }

    @Test func anUpstreamKeyFilesNoReportAndCorrectsNone() async throws {
        let (gateway, keys) = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            let id = try await Self.fileVisit(client, keys: keys)
            let before = try await gateway.base.storedCounts()
            for body in [try visitBody(minutes: 41), try visitBody(minutes: 42, supersedes: id)] {
                try await client.execute(
                    uri: "/v1/submissions", method: .post,
                    headers: Self.headers(keys["civil"], idempotencyKey: UUID().uuidString),
                    body: body
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let detail = try response.json["detail"]?.stringValue ?? ""
                    #expect(detail.contains("upstream keys receive reports"), "\(detail)")
                }
            }
            let after = try await gateway.base.storedCounts()
            #expect(
                after.submissions == before.submissions && after.audit == before.audit,
                "a refused report stores nothing")
            #expect(
                try await gateway.base.store.submission(id: id)?.status == .accepted, "the community's report stands")
        }
    }

    @Test func anUpstreamKeyIngestsNothing() async throws {
        let settings = [
            "SHEQUTONG_URL": "http://127.0.0.1:9", "SHEQUTONG_APP_KEY": "k", "SHEQUTONG_WEBHOOK_SECRET": "s",
        ]
        let (gateway, keys) = try await Self.gateway(with: [
            try TestAdapters.shipped("legacy-community-app", settings: settings)
        ])
        try await gateway.application.test(.router) { client in
            let webhook = GrassrootsApp.visitWebhook(Array(GrassrootsApp.sampleVisits.prefix(1)), secret: "s")
            var headers = Self.headers(keys["civil"])
            for header in webhook.headers { headers[HTTPField.Name(header.name)!] = header.value }
            try await client.execute(
                uri: "/v1/ingest/legacy-community-app", method: .post, headers: headers,
                body: ByteBuffer(bytes: webhook.body)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            #expect(try await gateway.base.storedCounts().submissions == 0)
        }
    }

    @Test(.timeLimit(.minutes(2))) func theUnifiedQueryShowsAnUpstreamOnlyItsTargetsGrant() async throws {
        try await withStandIn(GrassrootsApp(appKey: "k")) { app in
            let (gateway, keys) = try await Self.gateway(with: [try TestAdapters.communityApp(at: app)])
            try await gateway.application.test(.router) { client in
                let path = "/v1/data/elderly-visit@1?unit=210102001001"
                let (staff, civil) = (
                    try await client.execute(uri: path, method: .get, headers: Self.headers(keys["community"])) {
                        try $0.json
                    },
                    try await client.execute(uri: path, method: .get, headers: Self.headers(keys["civil"])) {
                        try $0.json
                    }
                )
                let staffRecord = try #require(staff["records"]?[0]?["data"])
                #expect(
                    staffRecord["elderPhone"] != nil && staffRecord["notes"] != nil, "the source has what is withheld")
                let records = try #require(civil["records"]?.arrayValue)
                #expect(records.count == staff["records"]?.arrayValue?.count)
                let granted: Set<String> = [
                    "elderName", "elderIdNumber", "address", "healthStatus", "needs", "visitDate", "visitType",
                    "durationMinutes", "visitor",
                ]
                for record in records {
                    let fields = Set(record["data"]?.objectValue?.keys ?? [])
                    #expect(fields.isSubset(of: granted), "not granted: \(fields.subtracting(granted))")
                    #expect(fields.contains("elderName"))
                }
                try await client.execute(
                    uri: "\(path)&elderPhone=024-23456789", method: .get, headers: Self.headers(keys["civil"])
                ) { response in
                    #expect(response.status == .badRequest, "filtering by a withheld field would reveal it")
                    let parameter = try response.json["parameter"]
                    #expect(parameter == "elderPhone")
                }
            }
        }
    }

    @Test func eachCallerSeesOnlyItsOwnViewOfDeliveryState() async throws {
        let (gateway, keys) = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            let id = try await Self.fileVisit(client, keys: keys)
            for target in [Self.civilAffairs, Self.healthCommission] {
                for claimed in try await gateway.base.store.claimDueDeliveries(
                    target: target, limit: 1, lease: .seconds(60))
                {
                    #expect(
                        try await gateway.base.store.record(
                            .retry(error: "HTTP 503 from \(target) at 10.0.0.7", nextAttemptAt: Date() + 60),
                            forDelivery: claimed.delivery.id))
                }
            }
            func deliveries(as key: String) async throws -> [JSONValue] {
                try await client.execute(uri: "/v1/submissions/\(id)", method: .get, headers: Self.headers(keys[key])) {
                    try $0.json["deliveries"]?.arrayValue ?? []
                }
            }
            let admin = try await deliveries(as: "admin")
            #expect(
                admin.compactMap { $0["target"]?.stringValue }.sorted() == [Self.civilAffairs, Self.healthCommission])
            #expect(admin.allSatisfy { $0["lastError"] != nil })
            let staff = try await deliveries(as: "community")
            #expect(staff.count == 2 && staff.allSatisfy { $0["state"] == "retrying" && $0["lastError"] == nil })
            let civil = try await deliveries(as: "civil")
            #expect(civil.map { $0["target"] } == [.string(Self.civilAffairs)])
            #expect(civil.first?["lastError"]?.stringValue?.contains(Self.civilAffairs) == true)
            let listed = try await client.execute(
                uri: "/v1/submissions", method: .get, headers: Self.headers(keys["health"])
            ) {
                try $0.json["items"]?[0]?["deliveries"]?.arrayValue ?? []
            }
            #expect(listed.map { $0["target"] } == [.string(Self.healthCommission)])
        }
    }

    @Test func theSenderOfAResultSeesItsDeliveriesButNotTheAppsErrors() async throws {
        let settings = [
            "SHEQUTONG_URL": "http://127.0.0.1:9", "SHEQUTONG_APP_KEY": "k", "SHEQUTONG_WEBHOOK_SECRET": "s",
        ]
        let (gateway, keys) = try await Self.gateway(with: [
            try TestAdapters.shipped("legacy-community-app", settings: settings)
        ])
        try await gateway.application.test(.router) { client in
            let id = try await client.execute(
                uri: "/v1/results", method: .post, headers: Self.headers(keys["civil"], idempotencyKey: "n"),
                body: resultBody(audience: ["units": ["210102001001"]])
            ) { try $0.json["id"]?.stringValue }
            let claimed = try await gateway.base.store.claimDueDeliveries(
                target: "legacy-community-app", limit: 1, lease: .seconds(60))
            for delivery in claimed {
                #expect(
                    try await gateway.base.store.record(
                        .retry(error: "HTTP 502 from 10.0.0.9", nextAttemptAt: Date() + 60),
                        forDelivery: delivery.delivery.id))
            }
            #expect(claimed.count == 1)
            func deliveries(as key: String) async throws -> [JSONValue] {
                try await client.execute(uri: "/v1/results/\(id ?? "")", method: .get, headers: Self.headers(keys[key]))
                {
                    try $0.json["deliveries"]?.arrayValue ?? []
                }
            }
            let sender = try await deliveries(as: "civil")
            #expect(sender.count == 1 && sender.allSatisfy { $0["state"] == "retrying" && $0["lastError"] == nil })
            #expect(try await deliveries(as: "admin").first?["lastError"] == "HTTP 502 from 10.0.0.9")
        }
    }

    @Test func repliesWithPersonalDataAreNeitherStoredNorSniffed() async throws {
        let (gateway, keys) = try await Self.gateway()
        try await gateway.application.test(.router) { client in
            let id = try await Self.fileVisit(client, keys: keys)
            for path in [
                "/v1/submissions/\(id)", "/v1/submissions", "/v1/prefill?contract=elderly-visit@1&unit=210102001001",
                "/v1/data/elderly-visit@1?unit=210102001001", "/v1/inbox",
            ] {
                try await client.execute(uri: path, method: .get, headers: Self.headers(keys["community"])) {
                    response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.cacheControl] == "no-store", "\(path)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                }
            }
        }
    }
}
