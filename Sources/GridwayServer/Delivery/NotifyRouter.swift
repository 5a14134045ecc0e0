import GridwayAdapters
import GridwayCore

/// Decides which legacy apps receive a result: for each addressed unit, every adapter that can
/// `notify` and whose jurisdiction covers the unit.
struct NotifyRouter: Sendable {
    let registry: AdapterRegistry
    let units: OrgUnitTree

    /// One route per (addressed unit, covering notify adapter), in audience order then adapter order.
    func routes(to addressed: [String]) -> [NotifyRoute] {
        let notifiers = registry.adapters.map(\.descriptor).filter { $0.capabilities.contains(.notify) }
        guard !notifiers.isEmpty else { return [] }
        var seen = Set<String>()
        return addressed.filter { seen.insert($0).inserted }.flatMap { unit in
            notifiers.filter { $0.covers(unit: unit, in: units) }.map { NotifyRoute(unit: unit, target: $0.id) }
        }
    }
}
