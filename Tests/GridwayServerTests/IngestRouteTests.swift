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
import OrderedCollections
import Testing

/// `POST /v1/ingest/{adapter}`: a legacy app's webhook, through the submission path, keyed by its record ids.
@Suite(.timeLimit(.minutes(3))) struct IngestRouteTests {
    static let secret = "test-webhook-secret"

    static let settings = [
        "SHEQUTONG_URL": "http://127.0.0.1:9", "SHEQUTONG_APP_KEY": "k", "SHEQUTONG_WEBHOOK_SECRET": secret,
    ]

    /// The shipped 社区通 adapter, which checks keyless webhooks by their `X-Sqt-Signature`.
    private static func communityApp() throws -> DeclarativeAdapter {
        try TestAdapters.shipped("legacy-community-app", settings: settings)
    }

    private static let visits = Array(GrassrootsApp.sampleVisits.prefix(3))

    private func post(
        _ client: some TestClientProtocol, _ gateway: AdapterTestGateway, adapter: String = "legacy-community-app",
        _ webhook: InboundWebhook, key: String?
    ) async throws -> (HTTPResponse.Status, JSONValue) {
        var headers = gateway.headers(key)
        for header in webhook.headers { headers[HTTPField.Name(header.name)!] = header.value }
        return try await client.execute(
            uri: "/v1/ingest/\(adapter)", method: .post, headers: headers, body: ByteBuffer(bytes: webhook.body)
        ) {
            ($0.status, try $0.json)
        }
    }

    @Test func aSignedWebhookWithAKeyIsStoredOnceAndARepeatIsReplayed() async throws {
        let gateway = try await AdapterTestGateway(adapters: [try Self.communityApp()])
        try await gateway.application.test(.router) { client in
            let webhook = GrassrootsApp.visitWebhook(Self.visits, secret: Self.secret)
            let (status, body) = try await post(client, gateway, webhook, key: "community")
            #expect(status == .ok)
            let results = try #require(body["results"]?.arrayValue)
            #expect(results.map { $0["sourceID"] } == ["ZF20261105001", "ZF20261118002", "ZF20261121004"])
            #expect(results.allSatisfy { $0["status"] == 202 && $0["receipt"]?["status"] == "accepted" })
            let id = try #require(results.first?["receipt"]?["id"]?.stringValue)
            let stored = try #require(try await gateway.base.store.submission(id: id))
            #expect(stored.idempotencyKey == "ingest:legacy-community-app:ZF20261105001")
            #expect(stored.request.period == "2026-11")
            #expect(stored.request.data["elderName"] == "王桂兰")
            #expect(stored.request.data["needs"] == ["meal", "home-safety"])

            let (again, replay) = try await post(client, gateway, webhook, key: "community")
            #expect(again == .ok)
            #expect(replay["results"]?.arrayValue?.allSatisfy { $0["replayed"] == true } == true)
            #expect(replay["results"]?[0]?["receipt"]?["id"]?.stringValue == id)
            #expect(try await gateway.base.storedCounts().submissions == 3, "a re-sent record is stored once")
            #expect(await gateway.services.adapterHealth.status(of: "legacy-community-app").lastSuccess != nil)
        }
    }

    /// A key with the records' units in scope is enough: the adapter's signature is for keyless webhooks only.
    @Test func withAKeyTheAdaptersSignatureIsNotNeeded() async throws {
        let gateway = try await AdapterTestGateway(adapters: [try Self.communityApp()])
        try await gateway.application.test(.router) { client in
            let signed = GrassrootsApp.visitWebhook(Self.visits, secret: Self.secret)
            let unsigned = InboundWebhook(headers: [HTTPHeader("Content-Type", "application/json")], body: signed.body)
            let (status, body) = try await post(client, gateway, unsigned, key: "community")
            #expect(status == .ok)
            #expect(body["results"]?.arrayValue?.allSatisfy { $0["status"] == 202 } == true)
            let id = try #require(body["results"]?[0]?["receipt"]?["id"]?.stringValue)
            #expect(try await gateway.base.store.submission(id: id)?.submittedBy != "adapter:legacy-community-app")
            let otherlySigned = GrassrootsApp.visitWebhook(
                Array(GrassrootsApp.sampleVisits.suffix(1)), secret: "another secret")
            #expect(
                try await post(client, gateway, otherlySigned, key: "street").0 == .ok,
                "with a key the signature is not read")
            #expect(try await gateway.base.storedCounts().submissions == 4)
        }
    }

    @Test func aBadRecordIsRefusedAloneAndTheOthersAreStored() async throws {
        let gateway = try await AdapterTestGateway(adapters: [try Self.communityApp()])
        try await gateway.application.test(.router) { client in
            guard case .object(var tooLong) = Self.visits[1], case .object(var sibling) = GrassrootsApp.sampleVisits[3]
            else {
                throw CancellationError()
            }
            tooLong["zfsc"] = 900
            sibling["jlbh"] = "ZF-SIBLING"
            let webhook = GrassrootsApp.visitWebhook(
                [Self.visits[0], .object(tooLong), .object(sibling)], secret: Self.secret)
            let (status, body) = try await post(client, gateway, webhook, key: "community")
            #expect(status == .unprocessableContent)
            let results = try #require(body["results"]?.arrayValue)
            #expect(results.map { $0["status"] } == [202, 422, 403])
            #expect(results[1]["problem"]?["type"] == "/problems/schema-violation")
            #expect(results[1]["problem"]?["errors"]?[0]?["instanceLocation"] == "/data/durationMinutes")
            #expect(
                results[2]["problem"]?["type"] == "/problems/out-of-scope",
                "the community's key cannot submit for its sibling")
            #expect(try await gateway.base.storedCounts().submissions == 1, "nothing is stored for the refused records")
        }
    }

    @Test func keylessWebhooksNeedTheAdaptersOwnScheme() async throws {
        let unverified = try Self.renamed("unverified-community-app").replacingOccurrences(
            of:
                #"verify: {type: hmac, header: X-Sqt-Signature, secret: "${settings.webhookSecret}", prefix: "sha256="}"#,
            with: "verify: {type: none}")
        let gateway = try await AdapterTestGateway(adapters: [
            try Self.communityApp(), try TestAdapters.declarative(unverified, settings: Self.settings),
        ])
        try await gateway.application.test(.router) { client in
            let webhook = GrassrootsApp.visitWebhook(Self.visits, secret: Self.secret)
            let (plain, refusal) = try await post(
                client, gateway, adapter: "unverified-community-app", webhook, key: nil)
            #expect(plain == .unauthorized, "an adapter that verifies nothing takes no keyless webhook")
            #expect(refusal["type"] == "/problems/webhook-refused")

            let (status, body) = try await post(client, gateway, webhook, key: nil)
            #expect(status == .ok, "the shipped adapter checks 社区通's own X-Sqt-Signature")
            let id = try #require(body["results"]?[0]?["receipt"]?["id"]?.stringValue)
            #expect(try await gateway.base.store.submission(id: id)?.submittedBy == "adapter:legacy-community-app")

            let forged = GrassrootsApp.visitWebhook(Self.visits, secret: "guessed")
            let (forgedStatus, forgedBody) = try await post(client, gateway, forged, key: nil)
            #expect(forgedStatus == .unauthorized)
            #expect(forgedBody["type"] == "/problems/webhook-refused")
            let unsigned = InboundWebhook(headers: [HTTPHeader("Content-Type", "application/json")], body: webhook.body)
            #expect(try await post(client, gateway, unsigned, key: nil).0 == .unauthorized)
            var changed = webhook
            changed.body[changed.body.count - 3] = UInt8(ascii: " ")
            #expect(
                try await post(client, gateway, changed, key: nil).0 == .unauthorized, "a body changed after signing")
            #expect(try await post(client, gateway, webhook, key: "gw_not-a-key").0 == .unauthorized)
            #expect(try await post(client, gateway, adapter: "nobody", webhook, key: "community").0 == .notFound)
            #expect(try await gateway.base.storedCounts().submissions == 3)
        }
    }

    /// The shipped 社区通 manifest under another id.
    private static func renamed(_ id: String) throws -> String {
        let folder = TestGateway.repositoryRoot.appendingPathComponent("adapters/legacy-community-app/adapter.yaml")
        return try String(contentsOf: folder, encoding: .utf8).replacingOccurrences(
            of: "id: legacy-community-app", with: "id: \(id)")
    }
}
