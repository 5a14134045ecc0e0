import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON

/// 和平区街道安全生产监管系统（旧版）: receives "九小场所" safety inspections
/// (`safety-inspection@1`) through a challenge handshake that the declarative form cannot express.
///
/// Each report takes two calls: `GET /api/challenge?appId=…` returns a one-time nonce, then
/// `POST /api/inspection/submit` (or `/api/inspection/revise` for a correction) carries the report
/// with `X-App-Id`, `X-Nonce` and `X-Signature` (see ``StreetSafetySignature``). A nonce that
/// expired or was used in between gets one fresh handshake within the same delivery.
public struct StreetSafetyLegacyAdapter: CompiledAdapter {
    /// The adapter id, also its folder name.
    public static let id = "street-safety-legacy"

    /// How long each call may take.
    static let timeout = Duration.seconds(15)

    /// Delivers `safety-inspection@1` in 和平区 (210102), granted the operator's name and phone.
    public let descriptor: AdapterDescriptor
    private let settings: StreetSafetySettings

    /// Makes the adapter from `STREET_SAFETY_URL`, `STREET_SAFETY_APP_ID` and `STREET_SAFETY_SECRET`.
    /// - Throws: ``AdapterError/configuration(_:)`` naming what is missing.
    public init(settings environment: [String: String]) throws {
        settings = try StreetSafetySettings(environment)
        descriptor = AdapterDescriptor(
            id: Self.id, title: "和平区街道安全生产监管系统（旧版）", kind: .swift, capabilities: [.deliver],
            contracts: [
                ContractGrant(
                    contract: try ContractRef(id: "safety-inspection", major: 1),
                    grantedFields: ["operatorName", "operatorPhone"])
            ],
            jurisdiction: "210102")
    }

    /// Sends one inspection: a challenge, then the signed report, with one fresh challenge when the nonce went stale.
    public func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        guard descriptor.grant(for: input.contract) != nil else {
            throw AdapterError.configuration("\(Self.id) delivers safety-inspection@1, not \(input.contract)")
        }
        let body = try StreetSafetyReport(input).body.serialized()
        let path = input.correction?.originalReceipt == nil ? "/api/inspection/submit" : "/api/inspection/revise"
        do {
            var refused = ""
            for _ in 1...2 {
                let nonce: String
                switch try StreetSafetyChallenge(try await transport.send(challengeRequest(), timeout: Self.timeout)) {
                case .nonce(let fresh): nonce = fresh
                case .failed(let outcome): return outcome
                }
                let report = reportRequest(path: path, body: body, nonce: nonce)
                switch try StreetSafetyReply(try await transport.send(report, timeout: Self.timeout)) {
                case .accepted(let ticket): return .delivered(receipt: ticket)
                case .failed(let outcome): return outcome
                case .staleNonce(let reason): refused = reason
                }
            }
            return .retry(reason: "two fresh nonces in a row were refused (\(refused))", after: nil)
        } catch let error as TransportError {
            return .retry(reason: "no answer from \(Self.id): \(error.reason)", after: nil)
        }
    }

    private func challengeRequest() -> OutboundRequest {
        OutboundRequest(
            method: "GET", url: settings.baseURL + "/api/challenge?appId=" + Self.percentEncoded(settings.appID),
            headers: [HTTPHeader("Accept", "application/json")])
    }

    private func reportRequest(path: String, body: [UInt8], nonce: String) -> OutboundRequest {
        OutboundRequest(
            method: "POST", url: settings.baseURL + path,
            headers: [
                HTTPHeader("Content-Type", "application/json; charset=utf-8"),
                HTTPHeader("X-App-Id", settings.appID),
                HTTPHeader("X-Nonce", nonce),
                HTTPHeader(
                    "X-Signature",
                    StreetSafetySignature.sign(body: body, nonce: nonce, appID: settings.appID, secret: settings.secret)
                ),
            ],
            body: body)
    }

    /// The RFC 3986 unreserved characters, left as they are in a query value.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` with everything but unreserved characters percent-encoded as UTF-8.
    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
