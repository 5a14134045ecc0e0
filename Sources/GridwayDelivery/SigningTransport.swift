import Foundation
import GridwayAdapters
import GridwayCore

/// Adds what every delivery attempt carries: the stable `Idempotency-Key` of its (submission,
/// target), Standard Webhooks signature headers, and the target's timeout.
struct SigningTransport: HTTPTransport {
    let base: any HTTPTransport
    let delivery: Delivery
    let signer: WebhookSigner?
    let timeout: Duration

    func send(_ request: OutboundRequest, timeout requested: Duration) async throws -> InboundResponse {
        var signed = request
        signed.headers.removeAll { DeliveryHeaders.isSetByGridway($0.name) }
        signed.headers.append(HTTPHeader("Idempotency-Key", delivery.idempotencyKey))
        if let signer {
            for header in signer.headers(id: delivery.id, body: request.body) {
                signed.headers.append(HTTPHeader(header.name, header.value))
            }
        }
        return try await base.send(signed, timeout: min(timeout, requested))
    }
}
