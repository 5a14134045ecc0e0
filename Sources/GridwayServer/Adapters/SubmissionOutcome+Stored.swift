import GridwayCore
import GridwayStore

extension SubmissionOutcome {
    /// The stored submission and whether it had been stored before, or the problem that says why not.
    func stored(unit: String) throws(Problem) -> (submission: Submission, replayed: Bool) {
        switch self {
        case .accepted(let submission): return (submission, false)
        case .replayed(let submission): return (submission, true)
        case .idempotencyKeyReused(let existing): throw .idempotencyKeyReused(existing: existing.id)
        case .supersededNotFound(let id): throw .invalidCorrection("no submission \(id) of unit \(unit) exists to be superseded")
        case .supersededMismatch(let id):
            throw .invalidCorrection(
                "submission \(id) is of another contract or period; a correction must match the contract, unit and period")
        case .alreadySuperseded(let id, let later):
            throw .invalidCorrection("submission \(id) was already superseded by \(later); correct that one instead")
        }
    }
}
