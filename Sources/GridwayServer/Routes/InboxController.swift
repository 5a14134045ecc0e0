import Foundation
import GridwayCore
import GridwayJSON
import GridwayStore
import HTTPTypes
import Hummingbird

/// A staff unit's inbox: `GET /v1/inbox`, `GET /v1/inbox/stream` (Server-Sent Events) and `POST /v1/inbox/{id}/ack`.
struct InboxController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices
    /// How long a quiet stream waits before sending a keep-alive comment.
    var keepAlive: Duration = .seconds(15)

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("inbox", use: list)
        group.get("inbox/stream", use: stream)
        group.post("inbox/{id}/ack", use: acknowledge)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let unit = try staffUnit(context)
        let parameters = try InboxListQuery(request.uri.queryParameters)
        var query = inboxQuery(for: unit)
        query.kind = parameters.kind
        query.unreadOnly = parameters.unreadOnly
        query.before = parameters.cursor
        query.limit = parameters.limit
        let page = try await services.store.inbox(query)
        let now = services.clock.date
        return .json([
            "unit": .string(unit), "items": .array(page.items.map { ResultView.item($0, now: now) }),
            "nextCursor": page.nextCursor.map(JSONValue.string) ?? .null,
        ])
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let unit = try staffUnit(context)
        let id = try context.parameters.require("id")
        guard let result = try await services.store.result(id: id),
            result.request.audience.addresses(unit, in: services.units)
        else { throw Problem.notFound("no result \(id) is addressed to org unit \(unit)") }
        let at = try await services.store.acknowledge(result: id, unit: unit, by: credential.id)
        return .json(["result": .string(id), "unit": .string(unit), "acknowledgedAt": .string(Timestamp.format(at))])
    }

    /// Streams the unit's new results as `event: result` with `id:` the result id; resumes after `Last-Event-ID`.
    /// Ends once the key is revoked (checked as often as the credential cache forgets keys).
    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let id = try context.requireCredential().id
        let store = services.store
        return try await stream(request, context: context) { try await store.activeCredential(id: id) != nil }
    }

    /// The stream, ending once `credentialIsValid` says no: it is asked on every wake-up and at least as
    /// often as the credential cache forgets keys.
    func stream(
        _ request: Request, context: Context, while credentialIsValid: @escaping @Sendable () async throws -> Bool
    ) async throws -> Response {
        let unit = try staffUnit(context)
        let (wakeUps, wake) = services.resultFeed.subscribe()
        let store = services.store
        let base = inboxQuery(for: unit)
        var start = request.headers[.lastEventID] ?? ""
        if request.headers[.lastEventID] == nil {
            var newest = base
            newest.limit = 1
            start = try await store.inbox(newest).items.first?.result.id ?? ""
        }
        let stream = InboxStream(
            store: store, query: base, wakeUps: wakeUps, wake: wake, keepAlive: keepAlive,
            recheck: CredentialCache.standardLifetime, clock: services.clock, credentialIsValid: credentialIsValid)
        let body = ResponseBody { [start] writer in try await stream.run(writer: &writer, after: start) }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    private func staffUnit(_ context: Context) throws -> String {
        let credential = try context.requireCredential()
        guard case .staff(let unit) = credential.role else {
            throw Problem.wrongRole(credential, needs: "a staff credential")
        }
        return unit
    }

    private func inboxQuery(for unit: String) -> InboxQuery {
        InboxQuery(unit: unit, ancestors: services.units.ancestors(of: unit).map(\.code))
    }
}

extension HTTPField.Name {
    /// `Last-Event-ID`: the id of the last Server-Sent Event a reconnecting client received.
    static let lastEventID = Self("Last-Event-ID")!
}
