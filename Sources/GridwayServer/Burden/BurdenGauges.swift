import GridwayCore
import GridwayStore
import Prometheus

/// Burden gauges at `/metrics`, refreshed at every scrape from the maintained rows: the whole tree's
/// figures over every period, for each contract of the catalog and for all of them (`contract="*"`).
struct BurdenGauges: Sendable {
    let services: GridwayServices

    /// Sets every gauge in `registry` to the store's current figures.
    func refresh(in registry: PrometheusCollectorRegistry) async throws {
        let catalog = services.catalog
        let root = services.units.root.code
        let contracts = [BurdenRowKey.all] + catalog.ids.flatMap { catalog.versions(of: $0).map(\.ref.description) }
        for contract in contracts {
            let figures =
                try await services.store.burden(contract: contract, period: BurdenRowKey.all, units: [root])[root]
                ?? BurdenFigures()
            for (name, help, value) in [
                ("burden_submissions", "Accepted submissions counted in the burden figures", figures.submissions),
                ("burden_fields_typed", "Fields the workers typed", figures.fieldsTyped),
                ("burden_fields_kept", "Fields the workers kept as prefill offered them", figures.fieldsKept),
                (
                    "burden_values_delivered", "Field values delivered upstream, summed over deliveries",
                    figures.valuesDelivered
                ),
                ("burden_forms_replaced", "Upstream forms the submissions replaced", figures.formsReplaced),
            ] {
                registry.makeGauge(
                    descriptor: .init(namespace: "gridway", metricName: name, unitName: "", helpText: help),
                    labels: [("unit", root), ("contract", contract)]
                ).set(to: Double(value))
            }
        }
    }
}
