import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A ``TestGateway`` whose services carry adapters, sending over real HTTP (AsyncHTTPClient's shared client).
struct AdapterTestGateway {
    let base: TestGateway
    let services: GridwayServices

    /// With `delivery`, the dispatcher runs too and adapters that can `deliver` receive what is submitted;
    /// workers and routes read `clock`.
    init(
        adapters: [any Adapter], fetchTimeout: Duration = .seconds(30),
        transport: any HTTPTransport = AsyncHTTPTransport.shared,
        delivery: Bool = false, clock: any GridwayClock = SystemClock()
    ) async throws {
        base = try await TestGateway(clock: clock)
        var configuration = base.services.configuration
        configuration.fetchTimeout = fetchTimeout
        var services = GridwayServices(
            catalog: base.services.catalog, units: base.services.units, store: base.store, configuration: configuration,
            adapters: try AdapterRegistry(adapters), transport: transport)
        services.clock = clock
        self.services = delivery ? try services.withDelivery(environment: [:]) : services
    }

    /// Wraps services built elsewhere.
    init(base: TestGateway, services: GridwayServices) {
        self.base = base
        self.services = services
    }

    /// The application, for `app.test(.router)`; it runs the transport and the ingest poller as services.
    var application: some ApplicationProtocol { buildApplication(services) }

    func headers(_ key: String?, contentType: String? = nil) -> HTTPFields {
        base.headers(key, contentType: contentType)
    }
}

/// Adapters made from manifests, with their settings pointed at stand-ins.
enum TestAdapters {
    /// A target that posts the whole projected report, and tries to read the ID number on its own.
    static func target(_ id: String, url: String, grant: [String]) throws -> DeclarativeAdapter {
        try TestAdapters.declarative(
            """
            id: \(id)
            title: 测试上级系统 \(id)
            kind: declarative
            capabilities: [deliver]
            contracts:
              - ref: elderly-visit@1
                grant: [\(grant.joined(separator: ", "))]
            deliver:
              request:
                method: POST
                url: \(url)/api/v1/reports
                body:
                  report: $.data
                  idNumber: $.data.elderIdNumber | optional
              response:
                success: {status: [200], when: '$.code == 0'}
                receipt: $.data.receiptNo
            """)
    }

    /// A declarative adapter from manifest text.
    static func declarative(_ yaml: String, settings: [String: String] = [:]) throws -> DeclarativeAdapter {
        try DeclarativeAdapter(manifest: AdapterManifest(yaml: yaml, file: "test/adapter.yaml"), environment: settings)
    }

    /// The shipped adapter `adapters/<id>`.
    static func shipped(_ id: String, settings: [String: String]) throws -> DeclarativeAdapter {
        let folder = TestGateway.repositoryRoot.appendingPathComponent("adapters").appendingPathComponent(id)
        return try DeclarativeAdapter(manifest: AdapterManifest(folder: folder), environment: settings)
    }

    /// The shipped 社区通 adapter (`legacy-community-app`) against a running ``GrassrootsApp``.
    static func communityApp(at standIn: RunningStandIn<GrassrootsApp>, webhookSecret: String = "test-webhook-secret")
        throws -> DeclarativeAdapter
    {
        try shipped(
            "legacy-community-app",
            settings: [
                "SHEQUTONG_URL": standIn.baseURL, "SHEQUTONG_APP_KEY": standIn.standIn.appKey ?? "",
                "SHEQUTONG_WEBHOOK_SECRET": webhookSecret,
            ])
    }

    /// A fetch-only adapter for elderly-visit@1 over a source answering in `format`, granted `grant`.
    ///
    /// The source serves records with the contract's own field names at `path` (`?unit=` filters them);
    /// `response` is the manifest's response section without `success`. With `scopedByUnit`, the
    /// manifest maps each record's `unit` member and declares it as `unitField`. `timeout` is the fetch section's.
    static func source(
        _ id: String, url: String, grant: [String] = [], records: String, response: String = "format: json",
        success: String = "{status: [200]}", query: String = "{unit: $.query.unit}", jurisdiction: String? = nil,
        scopedByUnit: Bool = false, timeout: String = "10s"
    ) throws -> DeclarativeAdapter {
        try declarative(
            """
            id: \(id)
            title: 测试数据源 \(id)
            kind: declarative
            capabilities: [fetch]
            \(jurisdiction.map { "jurisdiction: \"\($0)\"" } ?? "")
            contracts:
              - ref: elderly-visit@1
                grant: [\(grant.joined(separator: ", "))]
            fetch:
              timeout: \(timeout)
              request:
                method: GET
                url: \(url)
                query: \(query)
              response:
                \(response)
                success: \(success)
              records: \(records)
              \(scopedByUnit ? "unitField: unit" : "")
              map:
                \(scopedByUnit ? "unit: $.record.unit | optional" : "")
                elderName: $.record.elderName | optional
                elderIdNumber: $.record.elderIdNumber | optional
                elderPhone: $.record.elderPhone | optional
                address: $.record.address | optional
                visitDate: $.record.visitDate | optional
                visitType: $.record.visitType | optional
                durationMinutes: $.record.durationMinutes | integer | optional
                healthStatus: $.record.healthStatus | optional
                notes: $.record.notes | optional
            """)
    }
}

/// Seed records of elderly-visit@1, with the contract's field names and a `unit` member.
enum VisitRecords {
    static let wang: JSONValue = [
        "unit": "210102001001", "elderName": "王桂兰", "elderIdNumber": "210102193805120025", "elderPhone": "024-23456789",
        "address": "沈阳市和平区太原北街 12 号 3 单元 502 室", "visitDate": "2026-11-05", "visitType": "home",
        "durationMinutes": "40", "healthStatus": "fair", "notes": "卫生间无扶手",
    ]
    static let zhao: JSONValue = [
        "unit": "210102001001", "elderName": "赵德顺", "elderIdNumber": "21010219450302001X", "elderPhone": "",
        "address": "沈阳市和平区南京北街 88 号 1 单元 101 室", "visitDate": "2026-11-18", "visitType": "phone",
        "durationMinutes": "15", "healthStatus": "good", "notes": "",
    ]
    static let zhou: JSONValue = [
        "unit": "210102001002", "elderName": "周国强", "elderIdNumber": "210102194402280017", "elderPhone": "13700011122",
        "address": "沈阳市和平区中华路 101 号 2 单元 402 室", "visitDate": "2026-11-20", "visitType": "home",
        "durationMinutes": "30", "healthStatus": "poor", "notes": "",
    ]
    static let all = [wang, zhao, zhou]
}

extension AdapterTestGateway {
    /// Submits `body` as `key` and returns the submission's first delivery once it is delivered or
    /// dead, or as it stands after `timeout`.
    func submitAndAwaitFirstDelivery(
        _ client: some TestClientProtocol, body: ByteBuffer, key: String = "community", idempotencyKey: String,
        timeout: Duration = .seconds(30)
    ) async throws -> JSONValue? {
        let id = try await client.execute(
            uri: "/v1/submissions", method: .post, headers: base.headers(key, idempotencyKey: idempotencyKey),
            body: body
        ) { try #require(try $0.json["id"]?.stringValue, "not accepted: \(String(buffer: $0.body))") }
        let deadline = ContinuousClock.now + timeout
        while true {
            let delivery = try await client.execute(
                uri: "/v1/submissions/\(id)", method: .get, headers: headers(key)
            ) { try $0.json["deliveries"]?[0] }
            if delivery?["state"] == "delivered" || delivery?["state"] == "dead" || ContinuousClock.now > deadline {
                return delivery
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
