import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// A remote adapter loaded from `adapters/`, talking `gridway-remote/1` over HTTP to a service on 127.0.0.1.
@Suite(.timeLimit(.minutes(3))) struct RemoteAdapterRoundTripTests {
    static let secret = "whsec_" + Data("民政远程适配器密钥".utf8).base64EncodedString()

    /// A gateway whose adapters folder holds one remote adapter pointed at `service`.
    private func gateway(_ service: RunningStandIn<RemoteAdapterService>, secret: String = secret) async throws -> (
        AdapterTestGateway, URL
    ) {
        let base = try await TestGateway()
        let folder = base.directory.appendingPathComponent("adapters/remote-civil")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        id: remote-civil
        title: 民政局（远程适配器）
        kind: remote
        capabilities: [deliver, fetch, ingest, notify]
        jurisdiction: "210102"
        contracts:
          - ref: elderly-visit@1
            grant: [elderName, address]
        settings:
          url: {env: REMOTE_CIVIL_URL}
          secret: {env: REMOTE_CIVIL_SECRET, secret: true}
        remote:
          endpoint: ${settings.url}
          secret: ${settings.secret}
          timeout: 5s
          config: {areaCode: "210102"}
        """.write(to: folder.appendingPathComponent("adapter.yaml"), atomically: true, encoding: .utf8)
        var services = base.services
        services.configuration.adaptersDirectory = base.directory.appendingPathComponent("adapters").path
        // Round trips, not timing: the whole suite's load must not cut a fetch short.
        services.configuration.fetchTimeout = .seconds(60)
        services = try services.loadingAdapters(
            transport: AsyncHTTPTransport.shared,
            environment: ["REMOTE_CIVIL_URL": service.baseURL, "REMOTE_CIVIL_SECRET": secret])
        return (AdapterTestGateway(base: base, services: services), folder)
    }

    @Test func everyCapabilityRoundTrips() async throws {
        let service = try RemoteAdapterService(secret: Self.secret, records: VisitRecords.all)
        try await withStandIn(service) { running in
            let (gateway, _) = try await gateway(running)
            let adapter = try #require(gateway.services.adapters.adapter("remote-civil"))
            #expect(adapter.descriptor.kind == .remote)
            try await gateway.application.test(.router) { client in
                try await client.execute(
                    uri: "/v1/data/elderly-visit@1?unit=210102001001&visitType=home", method: .get,
                    headers: gateway.headers("community")
                ) { response in
                    let body = try response.json
                    #expect(body["sources"]?[0]?["status"] == "ok")
                    let names = body["records"]?.arrayValue?.compactMap { $0["data"]?["elderName"]?.stringValue }
                    #expect(names == ["王桂兰", "周国强"], "the service filtered by visitType")
                    #expect(body["records"]?[0]?["data"]?["elderIdNumber"] == nil, "projected to the grant")
                }
                let example = try JSONValue(parsing: Array(try visitBody().readableBytesView))
                let webhook = JSONValue.object([
                    "records": [
                        [
                            "id": "R-1", "contract": "elderly-visit@1", "unit": "210102001001", "period": "2026-11",
                            "data": example["data"] ?? .null,
                        ]
                    ]
                ])
                var headers = gateway.headers("community", contentType: "application/json")
                headers[.contentType] = "application/json"
                try await client.execute(
                    uri: "/v1/ingest/remote-civil", method: .post, headers: headers,
                    body: ByteBuffer(bytes: webhook.serialized())
                ) { response in
                    let body = try response.json
                    #expect(response.status == .ok)
                    #expect(body["results"]?[0]?["sourceID"] == "R-1")
                    #expect(body["results"]?[0]?["status"] == 202)
                }
            }
            let input = DeliveryInput(
                submissionID: "0190", contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001",
                period: "2026-11",
                data: ["visitType": "home"], receivedAt: Date())
            #expect(
                try await adapter.deliver(input, through: AsyncHTTPTransport.shared) == .delivered(receipt: "RA000001"))
            let notice = NotifyInput(
                resultID: "r1", kind: "notice", unit: "210102001001", title: "通知", body: "本月走访请于 30 日前完成")
            #expect(
                try await adapter.notify(notice, through: AsyncHTTPTransport.shared) == .delivered(receipt: "RA000002"))

            let paths = running.control.requests.map(\.path)
            #expect(paths == ["/fetch", "/ingest", "/deliver", "/notify"])
            for request in running.control.requests {
                let body = try #require(request.json)
                #expect(body["protocol"] == "gridway-remote/1")
                #expect(body["adapter"] == "remote-civil")
                #expect(body["config"] == ["areaCode": "210102"])
                #expect(request.header("webhook-signature")?.hasPrefix("v1,") == true)
            }
            #expect(running.control.requests[0].json?["input"]?["query"]?["visitType"] == "home")
        }
    }

    /// The dispatcher keeps the remote adapter's own signature (by `remote.secret`) instead of replacing
    /// it with the target's signing secret or dropping it, so the service accepts the delivery.
    @Test func aSubmissionIsDeliveredThroughTheDispatcherSignedByTheRemoteSecret() async throws {
        let service = try RemoteAdapterService(secret: Self.secret)
        try await withStandIn(service) { running in
            let (loaded, _) = try await gateway(running)
            let signingSecret = "whsec_" + Data("目标签名密钥，不是远程协议的密钥".utf8).base64EncodedString()
            let gateway = AdapterTestGateway(
                base: loaded.base,
                services: try loaded.services.withDelivery(environment: [
                    "GRIDWAY_SIGNING_SECRETS_REMOTE_CIVIL": signingSecret
                ]))
            let delivery = try await gateway.application.test(.router) { client in
                try await gateway.submitAndAwaitFirstDelivery(
                    client, body: try visitBody(), idempotencyKey: "remote-dispatch")
            }
            #expect(delivery?["state"] == "delivered", "\(String(describing: delivery))")
            #expect(delivery?["receipt"] == "RA000001")
            let request = try #require(running.control.requests.first)
            #expect(request.path == "/deliver")
            #expect(request.header("Idempotency-Key")?.isEmpty == false)
        }
    }

    @Test func aWrongSecretIsRefusedByTheService() async throws {
        let service = try RemoteAdapterService(secret: Self.secret, records: VisitRecords.all)
        try await withStandIn(service) { running in
            let (gateway, _) = try await gateway(running, secret: "whsec_" + Data("wrong".utf8).base64EncodedString())
            let adapter = try #require(gateway.services.adapters.adapter("remote-civil"))
            let query = FetchQuery(contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001")
            let error = await #expect(throws: AdapterError.self) {
                _ = try await adapter.fetch(query, through: AsyncHTTPTransport.shared)
            }
            guard case .refused(let reason)? = error else {
                Issue.record("expected refused, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("webhook-signature does not match"))
        }
    }

    @Test func aServiceAnsweringGarbageIsUnreadable() async throws {
        let service = try RemoteAdapterService(secret: Self.secret)
        try await withStandIn(service) { running in
            running.control.failAlways(.garbage)
            let (gateway, _) = try await gateway(running)
            let adapter = try #require(gateway.services.adapters.adapter("remote-civil"))
            let input = DeliveryInput(
                submissionID: "0190", contract: try ContractRef(parsing: "elderly-visit@1"), unit: "210102001001",
                period: nil,
                data: [:], receivedAt: Date())
            let error = await #expect(throws: AdapterError.self) {
                _ = try await adapter.deliver(input, through: AsyncHTTPTransport.shared)
            }
            #expect(error?.description.contains("the answer is not JSON") == true, "\(String(describing: error))")
            running.control.reset()
            running.control.failAlways(.unavailable(retryAfter: 20))
            #expect(
                try await adapter.deliver(input, through: AsyncHTTPTransport.shared)
                    == .retry(
                        reason: "remote adapter remote-civil /deliver: the service answered HTTP 503",
                        after: .seconds(20)))
        }
    }
}
