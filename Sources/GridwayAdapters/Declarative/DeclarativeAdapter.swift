import Foundation
import GridwayCore
import GridwayJSON

/// An adapter carried out by the declarative engine from an `adapter.yaml` manifest.
///
/// Every template and JSONPath is compiled once, when the manifest is read; settings are resolved
/// from the environment once, when the adapter is made. Each call only fills templates, encodes,
/// sends and reads.
public struct DeclarativeAdapter: Adapter {
    public let descriptor: AdapterDescriptor
    /// The manifest the adapter runs.
    public let manifest: AdapterManifest
    let settings: [String: String]
    /// The values of secret settings, as is and percent-encoded, longest first, to blank out of
    /// failure reasons.
    private let secrets: [String]
    private let clock: @Sendable () -> Date
    private let signers: [AdapterCapability: Signers]

    /// The signers of one capability: its request's and, for deliver, its correction's.
    private struct Signers: Sendable {
        var request: RequestSigner?
        var correction: RequestSigner?
    }

    /// Makes the adapter of a declarative manifest.
    ///
    /// - Parameters:
    ///   - environment: where settings are read (usually the process environment).
    ///   - clock: the current time, for HMAC timestamps, token expiry and `Retry-After` dates.
    /// - Throws: ``ManifestError`` if the manifest is not declarative or a setting has no value.
    public init(
        manifest: AdapterManifest, environment: [String: String], clock: @escaping @Sendable () -> Date = { Date() }
    )
        throws(ManifestError)
    {
        guard manifest.kind == .declarative else {
            throw ManifestError([
                ManifestDiagnostic(.error, file: manifest.file, at: .start, "adapter \(manifest.id) is not declarative")
            ])
        }
        let settings = try manifest.resolveSettings(environment)
        var caches: [String: OAuth2TokenCache] = [:]
        var signers: [AdapterCapability: Signers] = [:]
        let sign = { (auth: AuthScheme?) in auth.map { RequestSigner($0, settings: settings, caches: &caches) } }
        if let deliver = manifest.deliver {
            signers[.deliver] = Signers(request: sign(deliver.request.auth), correction: sign(deliver.correction?.auth))
        }
        if let notify = manifest.notify { signers[.notify] = Signers(request: sign(notify.request.auth)) }
        if let fetch = manifest.fetch { signers[.fetch] = Signers(request: sign(fetch.request.auth)) }
        self.descriptor = manifest.descriptor
        self.manifest = manifest
        self.settings = settings
        let values = manifest.settings.filter(\.isSecret).compactMap { settings[$0.name] }.filter { !$0.isEmpty }
        secrets = Set(values + values.map(PercentEncoding.component)).sorted { $0.count > $1.count }
            .sorted { $0.count > $1.count }
        self.clock = clock
        self.signers = signers
    }

    public func deliver(_ input: DeliveryInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        let chosen = try deliverTemplate(for: input)
        let signer = chosen.isCorrection ? signers[.deliver]?.correction : signers[.deliver]?.request
        return try await send(
            chosen.request, signer: signer, rules: chosen.section.response, timeout: chosen.section.timeout,
            document: input.document, through: transport)
    }

    /// The upstream request `deliver` would send for `input`, before authentication: the mapping
    /// alone, for previews and benchmarks.
    /// - Throws: ``AdapterError/mapping(location:reason:)`` when the input cannot be mapped.
    public func deliveryRequest(for input: DeliveryInput) throws(AdapterError) -> OutboundRequest {
        let template = try deliverTemplate(for: input).request
        do {
            return try template.build(document: input.document, settings: settings)
        } catch {
            throw error.adapterError
        }
    }

    /// The deliver section and the request template for `input`: the correction's for a correction, when there is one.
    private func deliverTemplate(for input: DeliveryInput) throws(AdapterError)
        -> (section: SendSection, request: RequestTemplate, isCorrection: Bool)
    {
        guard let section = manifest.deliver else { throw .unsupported(descriptor.id, .deliver) }
        if let contract = section.contract, contract != input.contract {
            throw .configuration("adapter \(descriptor.id) delivers \(contract), not \(input.contract)")
        }
        if input.correction != nil, let correction = section.correction { return (section, correction, true) }
        return (section, section.request, false)
    }

    public func notify(_ input: NotifyInput, through transport: any HTTPTransport) async throws -> DeliveryOutcome {
        guard let section = manifest.notify else { throw AdapterError.unsupported(descriptor.id, .notify) }
        return try await send(
            section.request, signer: signers[.notify]?.request, rules: section.response, timeout: section.timeout,
            document: input.document, through: transport)
    }

    public func fetch(_ query: FetchQuery, through transport: any HTTPTransport) async throws -> [JSONValue] {
        guard let section = manifest.fetch else { throw AdapterError.unsupported(descriptor.id, .fetch) }
        if let contract = section.contract, contract != query.contract {
            throw AdapterError.configuration("adapter \(descriptor.id) fetches \(contract), not \(query.contract)")
        }
        var pager = FetchPager(section: section, settings: settings, query: query)
        while let request = try pager.nextRequest() {
            var outbound = request
            let response = try await exchange(
                &outbound, signer: signers[.fetch]?.request, timeout: section.timeout, through: transport)
            try pager.read(response)
        }
        return pager.records
    }

    public func ingest(_ webhook: InboundWebhook) async throws -> [IngestedRecord] {
        guard let section = manifest.ingest else { throw AdapterError.unsupported(descriptor.id, .ingest) }
        return try IngestReader(section: section, settings: settings).records(of: webhook)
    }

    /// Builds, signs and sends a deliver or notify request and reads the outcome. No answer at all
    /// (connection refused, timeout) and a token endpoint failure are worth a retry.
    private func send(
        _ template: RequestTemplate, signer: RequestSigner?, rules: ResponseRules, timeout: Duration,
        document: JSONValue,
        through transport: any HTTPTransport
    ) async throws -> DeliveryOutcome {
        var request: OutboundRequest
        do {
            request = try template.build(document: document, settings: settings)
        } catch {
            throw error.adapterError
        }
        let response: InboundResponse
        do {
            response = try await exchange(&request, signer: signer, timeout: timeout, through: transport)
        } catch let error as TransportError {
            return .retry(reason: redacted("no answer from \(descriptor.id): \(error.reason)"), after: nil)
        } catch let error as TokenEndpointError {
            return .retry(reason: error.reason, after: nil)
        }
        switch try rules.outcome(of: response, now: clock()) {
        case .delivered(let receipt): return .delivered(receipt: receipt)
        case .retry(let reason, let after): return .retry(reason: redacted(reason), after: after)
        case .rejected(let reason): return .rejected(reason: redacted(reason))
        }
    }

    /// `text` with every secret setting's value, as is or percent-encoded (as a query token is sent),
    /// replaced by `***`, so reasons that quote a URL or an upstream's echo never store a credential.
    private func redacted(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Signs and sends `request`; on a 401 with an OAuth 2.0 token, fetches a new token and sends once more.
    private func exchange(
        _ request: inout OutboundRequest, signer: RequestSigner?, timeout: Duration,
        through transport: any HTTPTransport
    )
        async throws -> InboundResponse
    {
        let unsigned = request
        let token = try await signer?.sign(&request, through: transport, timeout: timeout, now: clock())
        let response = try await transport.send(request, timeout: timeout)
        guard response.status == 401, let signer, signer.refreshesOnUnauthorized else { return response }
        request = unsigned
        try await signer.sign(&request, through: transport, timeout: timeout, now: clock(), rejecting: token)
        return try await transport.send(request, timeout: timeout)
    }
}
