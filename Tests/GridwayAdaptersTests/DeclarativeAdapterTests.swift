import Foundation
import GridwayFiles
import GridwayJSON
import Synchronization
import Testing

@testable import GridwayAdapters
@testable import GridwayCore

@Suite struct DeclarativeAdapterTests {
    static let manifest = """
        id: civil-affairs-elderly
        title: 民政局居家养老服务平台
        kind: declarative
        capabilities: [deliver]
        contracts:
          - ref: elderly-visit@1
            grant: [elderName, elderIdNumber, needs]
        settings:
          baseURL: {env: CA_URL, default: "http://127.0.0.1:9001"}
          token: {env: CA_TOKEN, secret: true}
        tables:
          visitType: {home: "01", phone: "02", video: "03", accompanied: "04"}
        deliver:
          request:
            url: ${settings.baseURL}/api/visits
            query: {dw: $.submission.unit}
            auth: {type: bearer, token: "${settings.token}"}
            headers:
              X-Request-ID: ${$.submission.id}
            body:
              xm: $.data.elderName
              sfzh: $.data.elderIdNumber | mask(6, 4)
              zflx: $.data.visitType | lookup(visitType)
              zfsj: $.data.visitDate | date(yyyy-MM-dd, yyyyMMddHHmmss)
              sc: $.data.durationMinutes | string
              xq: $.data.needs | join(",")
              bz: $.data.notes | optional
          correction:
            method: PUT
            url: ${settings.baseURL}/api/visits/${$.correction.originalReceipt}
          response:
            success: {status: [200], when: '$.code == "0000"'}
            receipt: $.data.receiptNo
            message: $.msg
            retry: {status: [429, 5xx], when: '$.code in ["E9001"]'}
        """

    static let input = DeliveryInput(
        submissionID: "sub-1", contract: try! ContractRef(parsing: "elderly-visit@1"), unit: "210102001001",
        period: "2026-11",
        data: [
            "elderName": "王桂兰", "elderIdNumber": "210102193805120025", "visitType": "home", "visitDate": "2026-11-05",
            "durationMinutes": 40, "needs": ["meal", "home-safety"],
        ],
        receivedAt: Date(timeIntervalSince1970: 1_762_300_800))

    private func adapter() throws -> DeclarativeAdapter {
        try DeclarativeTesting.adapter(Self.manifest, environment: ["CA_TOKEN": "s3cret"])
    }

    @Test func deliverBuildsTheUpstreamRequestAndReadsTheReceipt() async throws {
        let transport = RecordingTransport(responses: [
            .json(200, ["code": "0000", "data": ["receiptNo": "MZ2026001"]])
        ])
        let outcome = try await adapter().deliver(Self.input, through: transport)
        #expect(outcome == .delivered(receipt: "MZ2026001"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:9001/api/visits?dw=210102001001")
        #expect(request.header("Authorization") == "Bearer s3cret")
        #expect(request.header("X-Request-ID") == "sub-1")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"xm":"王桂兰","sfzh":"210102********0025","zflx":"01","zfsj":"20261105000000","sc":"40","xq":"meal,home-safety"}"#
        )
    }

    @Test func aCorrectionUsesTheCorrectionRequest() async throws {
        var input = Self.input
        input.correction = DeliveryInput.Correction(originalSubmissionID: "sub-0", originalReceipt: "MZ/0001")
        let transport = RecordingTransport(responses: [.json(200, ["code": "0000"])])
        let outcome = try await adapter().deliver(input, through: transport)
        #expect(outcome == .delivered(receipt: nil))
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(
            request.url == "http://127.0.0.1:9001/api/visits/MZ%2F0001?dw=210102001001", "query and body are inherited")
        #expect(request.header("Authorization") == "Bearer s3cret")
        #expect(!request.body.isEmpty)
    }

    @Test func withoutACorrectionSectionACorrectionIsSentAsUsual() async throws {
        let manifest = Self.manifest.replacingOccurrences(
            of:
                "  correction:\n    method: PUT\n    url: ${settings.baseURL}/api/visits/${$.correction.originalReceipt}\n",
            with: "")
        var input = Self.input
        input.correction = DeliveryInput.Correction(originalSubmissionID: "sub-0", originalReceipt: "MZ0001")
        let transport = RecordingTransport(responses: [.json(200, ["code": "0000"])])
        _ = try await DeclarativeTesting.adapter(manifest, environment: ["CA_TOKEN": "t"]).deliver(
            input, through: transport)
        #expect(transport.requests.first?.method == "POST")
        #expect(transport.requests.first?.url == "http://127.0.0.1:9001/api/visits?dw=210102001001")
    }

    @Test func aMappingFailureNamesTheMember() async throws {
        var input = Self.input
        input.data = [
            "elderName": "王桂兰", "elderIdNumber": "210102193805120025", "visitType": "door", "visitDate": "2026-11-05",
            "durationMinutes": 40, "needs": [],
        ]
        let transport = RecordingTransport(responses: [])
        let error = await #expect(throws: AdapterError.self) {
            try await adapter().deliver(input, through: transport)
        }
        guard case .mapping(let location, let reason)? = error else {
            Issue.record("expected a mapping error")
            return
        }
        #expect(location == "body.zflx")
        #expect(reason.contains("\"door\" is not in the table \"visitType\""))
    }

    @Test func noAnswerIsWorthARetry() async throws {
        let outcome = try await adapter().deliver(Self.input, through: RecordingTransport(responses: []))
        guard case .retry = outcome else {
            Issue.record("expected retry, got \(outcome)")
            return
        }
    }

    @Test func secretsNeverAppearInFailureReasons() async throws {
        let echo = RecordingTransport(responses: [.json(400, ["code": "1", "msg": "bad token s3cret"])])
        #expect(try await adapter().deliver(Self.input, through: echo) == .rejected(reason: "HTTP 400: bad token ***"))
    }

    @Test func aContractTheAdapterDoesNotDeliverIsRefused() async throws {
        var input = Self.input
        input.contract = try ContractRef(parsing: "grid-incident@1")
        await #expect(throws: AdapterError.self) {
            try await adapter().deliver(input, through: RecordingTransport(responses: []))
        }
    }
}

/// Helpers shared by the declarative engine's tests.
enum DeclarativeTesting {
    /// The repository's contracts.
    static let catalog: ContractCatalog = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try! ContractCatalog.load(directory: root.appendingPathComponent("contracts"))
    }()

    /// A manifest read from text; records the diagnostics as an issue when it does not read.
    static func manifest(_ yaml: String) throws -> AdapterManifest {
        do {
            return try AdapterManifest(yaml: yaml, file: "adapter.yaml")
        } catch {
            Issue.record("\(error)")
            throw error
        }
    }

    /// A declarative adapter from manifest text, at a fixed clock.
    static func adapter(
        _ yaml: String, environment: [String: String] = [:], now: Date = Date(timeIntervalSince1970: 1_762_300_800)
    )
        throws -> DeclarativeAdapter
    {
        try DeclarativeAdapter(manifest: manifest(yaml), environment: environment, clock: { now })
    }

    /// The diagnostics of a manifest that must not read.
    static func diagnostics(_ yaml: String) -> [ManifestDiagnostic] {
        do {
            let manifest = try AdapterManifest(yaml: yaml, file: "adapter.yaml")
            return manifest.warnings
        } catch {
            return error.diagnostics
        }
    }
}

extension InboundResponse {
    /// A JSON answer.
    static func json(_ status: Int, _ body: JSONValue, headers: [HTTPHeader] = []) -> InboundResponse {
        InboundResponse(
            status: status, headers: [HTTPHeader("Content-Type", "application/json")] + headers, body: body.serialized()
        )
    }
}

/// A fake upstream answering each request with `handler`, recording the requests.
final class HandlerTransport: HTTPTransport {
    private let recorded = Mutex<[OutboundRequest]>([])
    private let handler: @Sendable (OutboundRequest) -> InboundResponse

    init(_ handler: @escaping @Sendable (OutboundRequest) -> InboundResponse) {
        self.handler = handler
    }

    var requests: [OutboundRequest] { recorded.withLock { $0 } }

    func send(_ request: OutboundRequest, timeout: Duration) async throws -> InboundResponse {
        recorded.withLock { $0.append(request) }
        return handler(request)
    }
}

extension OutboundRequest {
    /// The query parameters of the URL, decoded.
    var queryItems: [String: String] {
        Dictionary(
            (URLComponents(string: url)?.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { a, _ in a })
    }
}
