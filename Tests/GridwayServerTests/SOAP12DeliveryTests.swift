import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayStandIns
import Hummingbird
import HummingbirdTesting
import OrderedCollections
import Testing

/// The shipped SOAP 1.2 example (`adapters/fire-rescue-inspections`) against a SOAP 1.2 service on
/// 127.0.0.1: a submission delivered, and each kind of fault mapped to its outcome.
@Suite(.timeLimit(.minutes(3))) struct SOAP12DeliveryTests {
    private static let id = "fire-rescue-inspections"

    /// The shipped adapter pointed at `service`.
    private static func adapter(_ service: RunningStandIn<SOAP12Department>) throws -> DeclarativeAdapter {
        try TestAdapters.shipped(id, settings: ["FIRE_RESCUE_URL": service.baseURL])
    }

    /// The shipped manifest with `original` replaced by `replacement`, pointed at `service`.
    private static func edited(
        _ service: RunningStandIn<SOAP12Department>, replacing original: String, with replacement: String
    ) throws -> DeclarativeAdapter {
        let file = TestGateway.repositoryRoot.appendingPathComponent("adapters/\(id)/adapter.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(original))
        return try TestAdapters.declarative(
            text.replacingOccurrences(of: original, with: replacement), settings: ["FIRE_RESCUE_URL": service.baseURL])
    }

    /// The first example of safety-inspection@1.
    private static func inspection() throws -> JSONValue {
        let contract = try JSONValue(
            parsing: Array(
                try Data(
                    contentsOf: TestGateway.repositoryRoot.appendingPathComponent("contracts/safety-inspection@1.json"))
            ))
        return try #require(contract["examples"]?[0])
    }

    private static func input() throws -> DeliveryInput {
        DeliveryInput(
            submissionID: "019a5f3e-7c1d-7b2a-9e41-5d2c8a6b0f61",
            contract: try ContractRef(parsing: "safety-inspection@1"),
            unit: "210102001001", period: "2026-Q4", data: try inspection(), receivedAt: Date())
    }

    @Test func aSubmissionIsDeliveredAsASOAP12Envelope() async throws {
        try await withStandIn(SOAP12Department()) { service in
            let gateway = try await AdapterTestGateway(adapters: [try Self.adapter(service)], delivery: true)
            let body = JSONValue.object([
                "contract": "safety-inspection@1", "unit": "210102001001", "period": "2026-Q4",
                "data": try Self.inspection(),
            ])
            let delivery = try await gateway.application.test(.router) { client in
                try await gateway.submitAndAwaitFirstDelivery(
                    client, body: ByteBuffer(bytes: body.serialized()), idempotencyKey: "soap12")
            }
            #expect(delivery?["state"] == "delivered", "\(String(describing: delivery))")
            #expect(delivery?["receipt"] == "XF000001")
            let request = try #require(service.control.requests.first)
            #expect(
                request.header("Content-Type")
                    == "application/soap+xml; charset=utf-8; action=\"urn:hpxf:fire-inspection:v2/SubmitInspection\"")
            #expect(request.text.contains("xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""))
            #expect(
                request.text.contains(
                    "<xf:operator><xf:name>刘建国</xf:name><xf:phone>13304001122</xf:phone></xf:operator>"))
        }
    }

    @Test func faultsMapToTheirOutcomesByCodeNotByStatus() async throws {
        let service = SOAP12Department()
        try await withStandIn(service) { running in
            let adapter = try Self.adapter(running)
            let input = try Self.input()
            func deliver() async throws -> DeliveryOutcome {
                try await adapter.deliver(input, through: AsyncHTTPTransport.shared)
            }

            service.failNext(with: SOAP12Fault(.receiver, reason: "数据库连接超时"))
            #expect(try await deliver() == .retry(reason: "HTTP 500: 数据库连接超时", after: nil))
            service.failNext(with: SOAP12Fault(.sender, subcode: "AreaNotRegistered", reason: "区划代码未备案"))
            #expect(try await deliver() == .rejected(reason: "HTTP 400: 区划代码未备案"))
            service.failNext(with: SOAP12Fault(.mustUnderstand, reason: "不认识的 Header 块"))
            #expect(
                try await deliver() == .rejected(reason: "HTTP 500: 不认识的 Header 块"), "a 500 that is no Receiver fault")
            #expect(try await deliver() == .delivered(receipt: "XF000001"))
        }
    }

    @Test func theServiceRefusesASOAP11EnvelopeAndAWrongAction() async throws {
        try await withStandIn(SOAP12Department()) { running in
            let input = try Self.input()
            let soap11 = try Self.edited(
                running, replacing: "env: http://www.w3.org/2003/05/soap-envelope     #",
                with: "env: http://schemas.xmlsoap.org/soap/envelope/     #")
            #expect(
                try await soap11.deliver(input, through: AsyncHTTPTransport.shared)
                    == .rejected(reason: "HTTP 500: 只支持 SOAP 1.2 信封"))
            let wrongAction = try Self.edited(
                running, replacing: "v2/SubmitInspection\"'", with: "v2/Submit\"'")
            #expect(
                try await wrongAction.deliver(input, through: AsyncHTTPTransport.shared)
                    == .rejected(reason: "HTTP 400: action 参数应为 urn:hpxf:fire-inspection:v2/SubmitInspection"))
            let noAction = try Self.edited(
                running,
                replacing:
                    "      Content-Type: 'application/soap+xml; charset=utf-8; action=\"urn:hpxf:fire-inspection:v2/SubmitInspection\"'\n",
                with: "      X-Source: gridway\n")
            let refused = try await noAction.deliver(input, through: AsyncHTTPTransport.shared)
            guard case .rejected(let reason) = refused else {
                Issue.record("expected a refusal of application/xml, got \(refused)")
                return
            }
            #expect(reason.hasPrefix("HTTP 415"), "format: xml alone sends application/xml: \(reason)")
            #expect(running.control.requests.last?.header("Content-Type") == "application/xml; charset=utf-8")
        }
    }
}
