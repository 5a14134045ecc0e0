import Foundation
import GridwayCore
import GridwayStore
import Hummingbird
import Logging

/// `POST /v1/results` (an upstream or admin sends a result down), `GET /v1/results/{id}`,
/// `GET /v1/results/{id}/receipts` and `GET /v1/results/{id}/completeness` (for tasks).
struct ResultController<Context: AuthenticatedRequestContext> {
    let services: GridwayServices
    let inFlight = InFlightKeys()

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("results", use: create)
        group.get("results/{id}", use: show)
        group.get("results/{id}/receipts", use: receipts)
        group.get("results/{id}/completeness", use: completeness)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        if case .staff = credential.role {
            throw Problem.wrongRole(credential, needs: "an upstream or admin credential")
        }
        let body = try await request.jsonBody(within: services.configuration)
        let key = try request.idempotencyKey()
        var result: ResultRequest
        do {
            result = try ResultRequest(json: body)
        } catch {
            throw Problem.invalidResult(error)
        }
        if let task = result.task { result.task = try checked(task) }
        let violations =
            try await unseen(result.answers, by: credential)
            + ResultTimes(now: services.clock.date).violations(of: result)
        guard violations.isEmpty else { throw Problem.invalidRequest(violations) }
        for (index, root) in result.audience.roots.enumerated() {
            let location = if case .units = result.audience { "/audience/units/\(index)" } else { "/audience/unit" }
            guard services.units.contains(root.unit) else { throw Problem.unknownUnit(root.unit, at: location) }
            guard credential.mayActFor(unit: root.unit, in: services.units) else {
                throw Problem.forbidden(
                    "this credential may not address org unit \(root.unit) (at \(location))")
            }
        }
        let claim = try inFlight.claim(key, of: credential)
        defer { inFlight.release(claim) }
        var response: Response
        switch try await services.publish(result, idempotencyKey: key, sentBy: credential.id) {
        case .published(let stored):
            context.logger.info(
                "result published",
                metadata: [
                    "result": "\(stored.id)", "kind": "\(result.kind.rawValue)",
                    "addressed": "\(stored.addressedCount)",
                ])
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

    /// The sender (or an admin) reads the result with its deliveries into legacy apps; a staff unit it
    /// addresses reads it as its inbox shows it.
    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let credential = try context.requireCredential()
        let id = try context.parameters.require("id")
        let hidden = Problem.notFound("no result \(id) was sent by this credential or is addressed to its unit")
        guard let result = try await services.store.result(id: id) else { throw hidden }
        if credential.role == .admin || result.sentBy == credential.id {
            let deliveries = try await services.store.deliveries(ofResult: id)
            return .json(
                ResultView.sent(
                    result,
                    deliveries: ReportEntitlement(credential: credential, services: services)
                        .visible(sentResultDeliveries: deliveries)))
        }
        guard case .staff(let unit) = credential.role, result.request.audience.addresses(unit, in: services.units)
        else {
            throw hidden
        }
        var item = InboxItem(
            result: result, acknowledgedAt: try await services.store.acknowledgements(ofResult: id)[unit])
        if let task = result.request.task {
            item.taskSubmittedAt = try await services.store.firstSubmissions(
                contract: task.contract, period: task.period, within: unit)[unit]
        }
        return .json(ResultView.item(item, now: services.clock.date))
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
        let submitted = try await services.submissions(answering: task, of: result.request.audience)
        let view = ResultCompleteness(
            result: result, task: task, units: services.units, within: within, submitted: submitted,
            now: services.clock.date)
        return .json(view.json)
    }

    /// One violation per answered submission id that does not exist for the sender, as
    /// ``ReportEntitlement`` decides: a result answers only reports its sender may read.
    private func unseen(_ answers: [String], by credential: Credential) async throws -> [Problem.Violation] {
        let entitlement = ReportEntitlement(credential: credential, services: services)
        var violations: [Problem.Violation] = []
        for (index, id) in answers.enumerated() {
            let submission = try await services.store.submission(id: id)
            let deliveries = try await services.store.deliveries(ofSubmission: id)
            if submission.flatMap({ entitlement.visible($0, deliveries: deliveries) }) == nil {
                violations.append(
                    .init(
                        instanceLocation: "/answers/\(index)",
                        message: "no submission \(id) is visible to this credential"))
            }
        }
        return violations
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
