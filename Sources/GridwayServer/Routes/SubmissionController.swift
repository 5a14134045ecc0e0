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
        let body = try await request.jsonBody(limit: services.configuration.bodyLimit)
        guard let key = request.headers[.idempotencyKey], Self.isValidIdempotencyKey(key) else {
            throw Problem.missingIdempotencyKey()
        }
        let submission = try SubmissionIntake(catalog: services.catalog, units: services.units)
            .request(from: body, for: credential)
        let claim = credential.id + "\u{0}" + key
        guard inFlight.claim(claim) else { throw Problem.idempotencyKeyInFlight() }
        defer { inFlight.release(claim) }
        switch try await services.store.submit(submission, idempotencyKey: key, by: credential) {
        case .accepted(let stored):
            context.logger.info(
                "submission accepted",
                metadata: ["submission": "\(stored.id)", "contract": "\(submission.contract)", "unit": "\(submission.unit)"])
            return receiptResponse(stored, replayed: false)
        case .replayed(let stored):
            return receiptResponse(stored, replayed: true)
        case .idempotencyKeyReused(let existing):
            throw Problem.idempotencyKeyReused(existing: existing.id)
        case .supersededNotFound(let id):
            throw Problem.invalidCorrection("no submission \(id) of unit \(submission.unit) exists to be superseded")
        case .supersededMismatch(let id):
            throw Problem.invalidCorrection(
                "submission \(id) is of another contract or period; a correction must match the contract, unit and period")
        case .alreadySuperseded(let id, let later):
            throw Problem.invalidCorrection("submission \(id) was already superseded by \(later); correct that one instead")
        }
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        guard let submission = try await services.store.submission(id: id),
            credential.mayActFor(unit: submission.request.unit, in: services.units)
        else { throw Problem.notFound("no submission \(id) is visible to this credential") }
        return .json(SubmissionView.detail(submission))
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
        var body: [(String, JSONValue)] = [("items", .array(page.items.map(SubmissionView.detail)))]
        body.append(("nextCursor", page.nextCursor.map(JSONValue.string) ?? .null))
        return .json(.object(.init(uniqueKeysWithValues: body)))
    }

    private func receiptResponse(_ submission: Submission, replayed: Bool) -> Response {
        var response = Response.json(SubmissionView.receipt(submission), status: .accepted)
        response.headers[.location] = "/v1/submissions/\(submission.id)"
        if replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    private static func isValidIdempotencyKey(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = Self("Idempotency-Key")!
    /// `Idempotent-Replayed: true` marks a reply that repeats an earlier one.
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
