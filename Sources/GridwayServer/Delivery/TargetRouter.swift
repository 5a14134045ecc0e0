import GridwayAdapters
import GridwayCore

/// Decides which targets receive a submission: every adapter that can `deliver` its contract and
/// whose jurisdiction covers its unit.
struct TargetRouter: Sendable {
    let registry: AdapterRegistry
    let units: OrgUnitTree

    /// The target ids for `request`, in id order.
    func targets(for request: SubmissionRequest) -> [String] {
        registry.adapters(with: .deliver, for: request.contract, covering: request.unit, in: units).map(\.descriptor.id)
    }
}
