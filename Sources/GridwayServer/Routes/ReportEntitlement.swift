import GridwayAdapters
import GridwayCore
import GridwayJSON

/// What of the stored reports, and of the delivery state of reports and results, one credential may read.
///
/// Staff read the reports of their subtree and admins every report, whole. An upstream key reads
/// only what its target receives: reports of its jurisdiction that have a delivery to its target,
/// of a contract the target still consumes, projected to the target's grant by
/// ``ContractGrant/project(_:of:)``, the projection the dispatcher applies to what it delivers.
/// Everything else does not exist for it.
struct ReportEntitlement: Sendable {
    /// How much of one contract's reports the caller reads.
    enum Access {
        /// Every field.
        case whole
        /// The fields `grant` allows.
        case granted(ContractGrant, of: Contract)
        /// Nothing: the contract's reports do not exist for the caller.
        case none
    }

    let credential: Credential
    let services: GridwayServices

    /// The target an upstream key reads for; `nil` for staff and admins.
    var target: String? {
        if case .upstream(let target, _) = credential.role { target } else { nil }
    }

    /// How much of `contract`'s reports the caller reads: an upstream key, what its target's
    /// `deliver` adapter is granted.
    func access(to contract: ContractRef) -> Access {
        guard let target else { return .whole }
        guard let adapter = services.adapters.adapter(target), adapter.descriptor.capabilities.contains(.deliver),
            let grant = adapter.descriptor.grant(for: contract), let definition = services.catalog.contract(contract)
        else { return .none }
        return .granted(grant, of: definition)
    }

    /// `data` of a `contract` report as the caller may read it, or `nil` when it may read none of it.
    func project(_ data: JSONValue, of contract: ContractRef) -> JSONValue? {
        switch access(to: contract) {
        case .whole: data
        case .granted(let grant, let definition): grant.project(data, of: definition)
        case .none: nil
        }
    }

    /// The submission as the caller may read it, with its `deliveries` (all of them), or `nil` when
    /// it does not exist for the caller.
    func visible(_ submission: Submission, deliveries: [Delivery]) -> Submission? {
        guard credential.mayActFor(unit: submission.request.unit, in: services.units) else { return nil }
        if let target, !deliveries.contains(where: { $0.target == target }) { return nil }
        guard let data = project(submission.request.data, of: submission.request.contract) else { return nil }
        var visible = submission
        visible.request.data = data
        return visible
    }

    /// The deliveries of a report as the caller may see them, as the portal shows them: an admin
    /// sees all; staff see every target's state and receipt but no target's errors; an upstream key
    /// sees its own target's delivery only.
    func visible(_ deliveries: [Delivery]) -> [Delivery] {
        switch credential.role {
        case .admin: deliveries
        case .staff: deliveries.map(Self.withoutError)
        case .upstream(let target, _): deliveries.filter { $0.target == target }
        }
    }

    /// The deliveries of a result the caller sent, into the legacy apps of the units it addresses: an
    /// admin sees all of each; its sender sees each one's state, attempts and receipt (the record of
    /// its own result there) but not those apps' errors.
    func visible(sentResultDeliveries deliveries: [Delivery]) -> [Delivery] {
        guard credential.role != .admin else { return deliveries }
        return deliveries.map(Self.withoutError)
    }

    private static func withoutError(_ delivery: Delivery) -> Delivery {
        var delivery = delivery
        delivery.lastError = nil
        return delivery
    }
}
