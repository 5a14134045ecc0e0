import Foundation
import GridwayCore
import GridwayJSON

/// An adapter served by an HTTP service in any language, speaking ``RemoteProtocol`` (`gridway-remote/1`).
///
/// Each capability the descriptor declares is one signed `POST <endpoint>/<capability>`; the service
/// does the upstream work itself and answers the outcome or the records. `ingest` has no transport
/// argument in ``Adapter``, so it goes through the transport given at creation.
public struct RemoteAdapter: Adapter {
    public let descriptor: AdapterDescriptor
    /// The service's endpoint, secret, timeout and config, from the manifest's `remote:` section.
    public let manifest: RemoteManifest
    private let signer: WebhookSigner
    private let ingestTransport: any HTTPTransport

    /// Creates the adapter of a remote manifest.
    /// - Throws: ``AdapterError/configuration(_:)`` when the endpoint is not an http(s) URL, the secret
    ///   is not base64 (`whsec_…`), or the config is not an object.
    public init(_ manifest: RemoteManifest, ingestTransport: any HTTPTransport) throws(AdapterError) {
        let id = manifest.descriptor.id
        guard let url = URL(string: manifest.endpoint), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host != nil
        else { throw .configuration("adapter \(id): endpoint \"\(manifest.endpoint)\" is not an http(s) URL") }
        guard manifest.config.objectValue != nil else {
            throw .configuration("adapter \(id): config must be an object, not \(manifest.config.typeName)")
        }
        do {
            signer = try WebhookSigner(secrets: [manifest.secret])
        } catch {
            throw .configuration("adapter \(id): \(error)")
        }
        self.descriptor = manifest.descriptor
        self.manifest = manifest
        self.ingestTransport = ingestTransport
    }

    public func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        try await outcome(of: .deliver, input: input.document, through: transport)
    }

    public func fetch(_ query: FetchQuery, through transport: any HTTPTransport) async throws -> [JSONValue] {
        try await answer(.fetch, input: query.document, through: transport).records()
    }

    public func ingest(_ webhook: InboundWebhook) async throws -> [IngestedRecord] {
        try await answer(.ingest, input: RemoteProtocol.document(of: webhook), through: ingestTransport)
            .ingestedRecords()
    }

    public func notify(_ input: NotifyInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        try await outcome(of: .notify, input: input.document, through: transport)
    }

    /// What the service answered: a protocol answer, or a transient failure (HTTP 429 or 5xx without an `error`).
    private enum Reply {
        case answer(RemoteAnswer)
        case unavailable(reason: String, retryAfter: Duration?)
    }

    /// The outcome a `deliver` or `notify` answer names; an unavailable service is worth a retry.
    private func outcome(of capability: AdapterCapability, input: JSONValue, through transport: any HTTPTransport)
        async throws -> DeliveryOutcome
    {
        switch try await call(capability, input: input, through: transport) {
        case .answer(let answer): try answer.outcome()
        case .unavailable(let reason, let retryAfter): .retry(reason: reason, after: retryAfter)
        }
    }

    /// The answer of a `fetch` or `ingest`; an unavailable service is an error.
    private func answer(_ capability: AdapterCapability, input: JSONValue, through transport: any HTTPTransport)
        async throws -> RemoteAnswer
    {
        switch try await call(capability, input: input, through: transport) {
        case .answer(let answer): answer
        case .unavailable(let reason, _): throw AdapterError.unreadableResponse(reason)
        }
    }

    private func call(_ capability: AdapterCapability, input: JSONValue, through transport: any HTTPTransport)
        async throws -> Reply
    {
        guard descriptor.capabilities.contains(capability) else {
            throw AdapterError.unsupported(descriptor.id, capability)
        }
        let body = RemoteProtocol.request(
            adapter: descriptor.id, capability: capability, config: manifest.config, input: input
        ).serialized()
        let base = manifest.endpoint.hasSuffix("/") ? String(manifest.endpoint.dropLast()) : manifest.endpoint
        let request = OutboundRequest(
            method: "POST", url: base + "/" + capability.rawValue,
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
                + signer.headers(id: "msg_" + TimeOrderedID.make(), body: body).map { HTTPHeader($0.name, $0.value) },
            body: body)
        let response = try await transport.send(request, timeout: manifest.timeout)
        let origin = "remote adapter \(descriptor.id) /\(capability.rawValue)"
        if response.status == 200 { return .answer(try RemoteAnswer(bytes: response.body, origin: origin)) }
        if let failure = RemoteAnswer.failure(in: response.body, origin: origin) { throw failure }
        guard response.status == 429 || response.status >= 500 else {
            throw AdapterError.unreadableResponse(
                "\(origin): the service answered HTTP \(response.status), expected 200")
        }
        return .unavailable(
            reason: "\(origin): the service answered HTTP \(response.status)",
            retryAfter: response.header("Retry-After").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
                .map { .seconds($0) })
    }
}
