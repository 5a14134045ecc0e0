import GridwayCore
import GridwayJSON
import GridwayStore
import HTTPTypes
import Hummingbird
import Logging
import OrderedCollections

/// `POST /v1/submissions`, `GET /v1/submissions/{id}` and `GET /v1/submissions`.
struct SubmissionController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices
    let inFlight = InFlightKeys()

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("submissions", use: create)
        group.get("submissions/{id}", use: show)
        group.get("submissions", use: list)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        try credential.requireSubmitter()
        let body = try await request.jsonBody(within: services.configuration)
        let key = try request.idempotencyKey()
        let submission = try SubmissionIntake(catalog: services.catalog, units: services.units)
            .request(from: body, for: credential)
        let claim = try inFlight.claim(key, of: credential)
        defer { inFlight.release(claim) }
        let accepted = try await services.accept(
            submission, idempotencyKey: key, by: credential, prefillToken: request.headers[.prefillToken])
        if !accepted.replayed {
            context.logger.info(
                "submission accepted",
                metadata: [
                    "submission": "\(accepted.submission.id)", "contract": "\(submission.contract)",
                    "unit": "\(submission.unit)", "targets": "\(accepted.deliveries.count)",
                ])
        }
        let entitlement = ReportEntitlement(credential: credential, services: services)
        var response = Response.json(
            SubmissionView.receipt(accepted.submission, deliveries: entitlement.visible(accepted.deliveries)),
            status: .accepted)
        response.headers[.location] = "/v1/submissions/\(accepted.submission.id)"
        if accepted.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// The submission as ``ReportEntitlement`` lets the caller read it; what it may not read is "not found".
    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        let entitlement = ReportEntitlement(credential: credential, services: services)
        let deliveries = try await services.store.deliveries(ofSubmission: id)
        guard let stored = try await services.store.submission(id: id),
            let submission = entitlement.visible(stored, deliveries: deliveries)
        else { throw Problem.notFound("no submission \(id) is visible to this credential") }
        return .json(SubmissionView.detail(submission, deliveries: entitlement.visible(deliveries)))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        var query = try SubmissionListQuery(request.uri.queryParameters, units: services.units).query
        if let unit = query.subtree {
            guard credential.mayActFor(unit: unit, in: services.units) else {
                throw Problem.forbidden("this credential may not read org unit \(unit)")
            }
        } else {
            query.subtree = credential.role.scopeRoot
        }
        let entitlement = ReportEntitlement(credential: credential, services: services)
        query.deliveredTo = entitlement.target
        let page = try await services.store.submissions(matching: query)
        let deliveries = try await services.store.deliveries(ofSubmissions: page.items.map(\.id))
        let items = page.items.compactMap { stored -> JSONValue? in
            let all = deliveries[stored.id] ?? []
            return entitlement.visible(stored, deliveries: all).map {
                SubmissionView.detail($0, deliveries: entitlement.visible(all))
            }
        }
        var body: [(String, JSONValue)] = [("items", .array(items))]
        body.append(("nextCursor", page.nextCursor.map(JSONValue.string) ?? .null))
        return .json(.object(.init(uniqueKeysWithValues: body)))
    }
}
