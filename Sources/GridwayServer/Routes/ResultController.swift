import Foundation
import GridwayCore
import GridwayStore
import Hummingbird

/// `POST /v1/results` (an upstream or admin sends a result down), `GET /v1/results/{id}/receipts` and
/// `GET /v1/results/{id}/completeness` (for tasks).
struct ResultController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices
    /// Woken after every stored result, for the inbox streams.
    let feed: ResultFeed

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("results", use: create)
        group.get("results/{id}/receipts", use: receipts)
        group.get("results/{id}/completeness", use: completeness)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        if case .staff = credential.role {
            throw Problem.wrongRole(credential, needs: "an upstream or admin credential")
        }
        let body = try await request.jsonBody(limit: services.configuration.bodyLimit)
        let key = try request.idempotencyKey()
        var result: ResultRequest
        do {
            result = try ResultRequest(json: body)
        } catch {
            throw Problem.invalidResult(error)
        }
        if let task = result.task { result.task = try checked(task) }
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

    @Sendable func completeness(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        let result = try await services.store.result(id: id)
        let sender = result.map { credential.role == .admin || $0.sentBy == credential.id } ?? false
        let within = sender ? nil : credential.role.scopeRoot
        guard let result, let task = result.request.task,
            sender
                || result.request.audience.addressedUnits(in: services.units).contains(where: {
                    credential.mayActFor(unit: $0, in: services.units)
                })
        else { throw Problem.notFound("no task \(id) addresses units visible to this credential") }
        var submitted: [String: Date] = [:]
        for root in result.request.audience.roots {
            let first = try await services.store.firstSubmissions(
                contract: task.contract, period: task.period, within: root.unit)
            submitted.merge(first) { earlier, _ in earlier }
        }
        let view = ResultCompleteness(
            result: result, task: task, units: services.units, within: within, submitted: submitted, now: Date())
        return .json(view.json)
    }

    /// The task with its contract known and its period in the contract's canonical form, or the problem.
    private func checked(_ task: ResultTask) throws -> ResultTask {
        guard let contract = services.catalog.contract(task.contract) else {
            throw Problem.unknownContract(task.contract.description, at: "/task/contract")
        }
        var task = task
        do {
            guard let period = try contract.periodType.period(for: task.period) else {
                throw Problem.invalidRequest([
                    .init(instanceLocation: "/task/period", message: "contract \(task.contract) has no periods")
                ])
            }
            task.period = period.description
        } catch let error as PeriodError {
            throw Problem.invalidRequest([.init(instanceLocation: "/task/period", message: error.description)])
        }
        return task
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
