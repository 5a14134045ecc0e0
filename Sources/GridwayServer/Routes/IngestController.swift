import GridwayAdapters
import GridwayCore
import GridwayJSON
import Hummingbird

/// `POST /v1/ingest/{adapter}`: a legacy app's webhook, turned into submissions by its ingest adapter.
///
/// Authenticated either by a Gridway API key (`Authorization: Bearer`, checked by ``BearerAuthenticator``;
/// the key's scope must include each record's unit; an upstream key is refused, as it is by
/// `POST /v1/submissions`) or, without that header, by the adapter's own
/// scheme (``WebhookAuthenticating``); an adapter without one refuses keyless webhooks. The reply
/// lists each record's result: `200` when all were stored, `422` when any was refused.
struct IngestController<Context: AuthenticatedRequestContext> {
    /// The prefix of the paths that may come without a key.
    static var pathPrefix: String { "/v1/ingest/" }

    let services: GridwayServices

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("ingest/{adapter}", use: ingest)
    }

    @Sendable func ingest(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.require("adapter")
        guard let adapter = services.adapters.adapter(id), adapter.descriptor.capabilities.contains(.ingest) else {
            throw Problem.notFound("no ingest adapter \(id)")
        }
        try context.credential?.requireSubmitter()
        let webhook = InboundWebhook(
            headers: request.headers.map { HTTPHeader($0.name.canonicalName, $0.value) },
            body: try await request.bodyBytes(limit: services.configuration.bodyLimit))
        let credential: Credential
        if let key = context.credential {
            credential = key
        } else {
            guard let authenticating = adapter as? any WebhookAuthenticating else {
                throw Problem.unauthenticated(
                    "adapter \(id) does not authenticate webhooks itself; send a Gridway API key as Authorization: Bearer <key>"
                )
            }
            do {
                try authenticating.authenticate(webhook)
            } catch {
                throw Problem.webhookRefused("adapter \(id): \(error)")
            }
            credential = adapter.descriptor.submitter
        }
        let records: [IngestedRecord]
        do {
            records = try await adapter.ingest(webhook)
            await services.adapterHealth.recordSuccess(id, at: services.clock.date)
        } catch let error as AdapterError {
            await services.adapterHealth.recordError(id, error.description, at: services.clock.date)
            if case .refused = error { throw Problem.webhookRefused("adapter \(id): \(error)") }
            throw Problem.unreadableWebhook(adapter: id, error)
        } catch let error as TransportError {
            throw Problem.adapterUnavailable(adapter: id, error.reason)
        }
        let results = try await IngestPipeline(services: services)
            .store(records, from: adapter, as: credential, logger: context.logger)
        let allStored = results.allSatisfy { if case .success = $0.outcome { true } else { false } }
        return .json(
            ["adapter": .string(id), "results": .array(results.map(\.json))],
            status: allStored ? .ok : .unprocessableContent)
    }
}
