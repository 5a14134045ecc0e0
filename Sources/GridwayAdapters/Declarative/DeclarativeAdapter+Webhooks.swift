extension DeclarativeAdapter: WebhookAuthenticating {
    /// Checks a keyless webhook by the manifest's `ingest.verify` section; an adapter that verifies
    /// nothing (`verify: none`) or does not ingest refuses every keyless webhook.
    public func authenticate(_ webhook: InboundWebhook) throws(AdapterError) {
        guard let section = manifest.ingest else { throw .unsupported(descriptor.id, .ingest) }
        if case .none = section.verification {
            throw .refused("adapter \(descriptor.id) verifies no webhook signature; send a Gridway API key")
        }
        try section.verification.verify(webhook, settings: settings)
    }
}
