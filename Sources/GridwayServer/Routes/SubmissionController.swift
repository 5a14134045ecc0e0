import GridwayCore
import GridwayStore
import HTTPTypes
import Hummingbird

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
        let body = try await request.jsonBody(within: services.configuration)
        let key = try request.idempotencyKey()
        let submission = try SubmissionIntake(catalog: services.catalog, units: services.units)
            .request(from: body, for: credential)
        let claim = try inFlight.claim(key, of: credential)
        defer { inFlight.release(claim) }
        let accepted = try await services.accept(submission, idempotencyKey: key, by: credential)
        if !accepted.replayed {
            context.logger.info(
                "submission accepted",
                metadata: [
                    "submission": "\(accepted.submission.id)", "contract": "\(submission.contract)",
                    "unit": "\(submission.unit)", "targets": "\(accepted.deliveries.count)",
                ])
        }
        var response = Response.json(
            SubmissionView.receipt(accepted.submission, deliveries: accepted.deliveries), status: .accepted)
        response.headers[.location] = "/v1/submissions/\(accepted.submission.id)"
        if accepted.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        guard let submission = try await services.store.submission(id: id),
            credential.mayActFor(unit: submission.request.unit, in: services.units)
        else { throw Problem.notFound("no submission \(id) is visible to this credential") }
        return .json(SubmissionView.detail(submission, deliveries: try await services.store.deliveries(ofSubmission: id)))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        var query = try SubmissionListQuery(request.uri.queryParameters, units: services.units).query
        if let unit = query.subtree {
            guard credential.mayActFor(unit: unit, in: services.units) else {
                throw Problem.forbidden("credential \(credential.id) may not read org unit \(unit)")
            }
        } else {
            query.subtree = credential.role.scopeRoot
        }
        let page = try await services.store.submissions(matching: query)
        let deliveries = try await services.store.deliveries(ofSubmissions: page.items.map(\.id))
        let items = page.items.map { SubmissionView.detail($0, deliveries: deliveries[$0.id] ?? []) }
        var body: [(String, JSONValue)] = [("items", .array(items))]
        body.append(("nextCursor", page.nextCursor.map(JSONValue.string) ?? .null))
        return .json(.object(.init(uniqueKeysWithValues: body)))
    }
}
