import Foundation
import GridwayCore
import GridwayStore
import Hummingbird

/// `POST /v1/results` (an upstream or admin sends a result down) and `GET /v1/results/{id}/receipts`.
struct ResultController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices
    /// Woken after every stored result, for the inbox streams.
    let feed: ResultFeed

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("results", use: create)
        group.get("results/{id}/receipts", use: receipts)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        if case .staff = credential.role {
            throw Problem.wrongRole(credential, needs: "an upstream or admin credential")
        }
        let body = try await request.jsonBody(limit: services.configuration.bodyLimit)
        guard let key = request.headers[.idempotencyKey], (1...255).contains(key.utf8.count),
            key.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { throw Problem.missingIdempotencyKey() }
        let result: ResultRequest
        do {
            result = try ResultRequest(json: body)
        } catch {
            throw Problem.invalidResult(error)
        }
        for (index, root) in result.audience.roots.enumerated() {
            let location = if case .units = result.audience { "/audience/units/\(index)" } else { "/audience/unit" }
            guard services.units.contains(root.unit) else { throw Problem.unknownUnit(root.unit, at: location) }
            guard credential.mayActFor(unit: root.unit, in: services.units) else {
                throw Problem.forbidden(
                    "credential \(credential.id) may not address org unit \(root.unit) (at \(location))")
            }
        }
        let addressed = result.audience.addressedUnits(in: services.units).count
        let outcome = try await services.store.publish(
            result, addressedCount: addressed, idempotencyKey: key, by: credential)
        var response: Response
        switch outcome {
        case .published(let stored):
            feed.publish()
            context.logger.info(
                "result published",
                metadata: ["result": "\(stored.id)", "kind": "\(result.kind.rawValue)", "addressed": "\(addressed)"])
            response = .json(ResultView.result(stored), status: .created)
            response.headers[.location] = "/v1/results/\(stored.id)"
        case .replayed(let stored):
            response = .json(ResultView.result(stored), status: .created)
            response.headers[.location] = "/v1/results/\(stored.id)"
            response.headers[.idempotentReplayed] = "true"
        case .idempotencyKeyReused(let existing):
            throw Problem.resultKeyReused(existing: existing.id)
        }
        return response
    }

    @Sendable func receipts(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        guard let result = try await services.store.result(id: id),
            credential.role == .admin || result.sentBy == credential.id
        else { throw Problem.notFound("no result \(id) was sent by this credential") }
        let acknowledgements = try await services.store.acknowledgements(ofResult: id)
        return .json(ResultReceipts(result: result, units: services.units, acknowledgements: acknowledgements).json)
    }
}
