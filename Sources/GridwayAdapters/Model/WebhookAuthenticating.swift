/// An ingest adapter that checks its legacy app's webhooks itself — a signature or a shared token — so
/// that `POST /v1/ingest/<id>` may take them without a Gridway API key.
///
/// The ingest route calls ``authenticate(_:)`` before ``Adapter/ingest(_:)`` whenever a webhook comes
/// without an `Authorization` header; an ingest adapter that does not conform needs a Gridway key.
public protocol WebhookAuthenticating: Adapter {
    /// Throws ``AdapterError/refused(_:)`` unless `webhook` carries the legacy app's valid proof; an
    /// adapter configured to check nothing must refuse every webhook here.
    func authenticate(_ webhook: InboundWebhook) throws(AdapterError)
}
