import Foundation
import GridwayAdapters
import GridwayCore

/// Adds what every delivery attempt carries: the stable `Idempotency-Key` of its (submission,
/// target), Standard Webhooks signature headers, and the target's timeout.
///
/// A remote adapter signs its calls to its service itself (`gridway-remote/1`, by the manifest's
/// `remote.secret`), so with `adapterSigns` its Standard Webhooks headers are kept, not replaced.
struct SigningTransport: HTTPTransport {
    let base: any HTTPTransport
    let delivery: Delivery
    let signer: WebhookSigner?
    let timeout: Duration
    /// Dates the signature (`webhook-timestamp`).
    let clock: any GridwayClock
    /// Whether the adapter's own Standard Webhooks headers authenticate the request (a remote adapter).
    var adapterSigns = false

    func send(_ request: OutboundRequest, timeout requested: Duration) async throws -> InboundResponse {
        var signed = request
        signed.headers.removeAll {
            adapterSigns ? $0.hasName("Idempotency-Key") : DeliveryHeaders.isSetByGridway($0.name)
        }
        signed.headers.append(HTTPHeader("Idempotency-Key", delivery.idempotencyKey))
        if !adapterSigns, let signer {
            for header in signer.headers(id: delivery.id, body: request.body, at: clock.date) {
                signed.headers.append(HTTPHeader(header.name, header.value))
            }
        }
        return try await base.send(signed, timeout: min(timeout, requested))
    }
}
