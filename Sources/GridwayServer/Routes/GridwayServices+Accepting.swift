import GridwayCore
import GridwayDelivery
import GridwayStore

/// A submission the store holds, with its deliveries, as an accepting route reports it.
struct AcceptedSubmission: Sendable {
    /// The stored submission.
    var submission: Submission
    /// Its deliveries, one per target.
    var deliveries: [Delivery]
    /// Whether it was stored by an earlier request with the same idempotency key.
    var replayed: Bool
}

extension GridwayServices {
    /// Stores a validated submission with a delivery per target that consumes it, with its
    /// contract's rollups and its burden figures (the fields kept as the `prefillToken` sent back
    /// offered them), and wakes the dispatcher; the one path every way of submitting (API, ingest,
    /// portal) goes through.
    func accept(
        _ request: SubmissionRequest, idempotencyKey: String, by credential: Credential, prefillToken: String? = nil
    ) async throws -> AcceptedSubmission {
        let targets = TargetRouter(registry: adapters, units: units).targets(for: request)
        let contract = catalog.contract(request.contract)
        let aggregation = contract.flatMap { AggregatePlan(contract: $0, unit: request.unit, tree: units) }
        var request = request
        request.subjectKey = contract?.storedSubjectKey(in: request.data)
        request.deliveryOrderKey = contract?.deliveryOrderKey(of: request)
        request.deliveryDeadline = contract?.deliveryDeadline(of: request.period)
        let burden = BurdenAccounting(services: self).plan(
            for: request, targets: targets, token: prefillToken, by: credential)
        switch try await store.submit(
            request, idempotencyKey: idempotencyKey, by: credential, targets: targets, aggregation: aggregation,
            burden: burden)
        {
        case .accepted(let submission, let deliveries):
            if !deliveries.isEmpty { dispatcher?.wake() }
            return AcceptedSubmission(submission: submission, deliveries: deliveries, replayed: false)
        case .replayed(let submission):
            return AcceptedSubmission(
                submission: submission, deliveries: try await store.deliveries(ofSubmission: submission.id),
                replayed: true)
        case .idempotencyKeyReused(let existing):
            throw Problem.idempotencyKeyReused(existing: existing.id)
        case .supersededNotFound(let id):
            throw Problem.invalidCorrection("no submission \(id) of unit \(request.unit) exists to be superseded")
        case .supersededMismatch(let id):
            throw Problem.invalidCorrection(
                "submission \(id) is of another contract or period; a correction must match the contract, unit and period"
            )
        case .alreadySuperseded(let id, let later):
            throw Problem.invalidCorrection(
                "submission \(id) was already superseded by \(later); correct that one instead")
        case .personalDataErased(let id):
            throw Problem.invalidCorrection(
                "submission \(id) can no longer be corrected: its personal data was erased when its retention ended or at its subject's request"
            )
        }
    }
}
