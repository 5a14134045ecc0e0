import GridwayCore

/// The aggregate contributions of one batch transaction, merged per row before they are written.
package struct AggregateBuffer {
    /// An empty buffer.
    package init() {}

    private var pending: [AggregateRowKey: AggregateFigures] = [:]

    /// Whether nothing is waiting to be written.
    package var isEmpty: Bool { pending.isEmpty }

    /// Adds a new submission's precomputed contribution to its unit and every ancestor; throws,
    /// adding nothing more, when a merged total would not fit.
    package mutating func add(_ job: SubmissionJob) throws(AggregateOverflowError) {
        guard let plan = job.aggregation else { return }
        let contract = job.request.contract.description
        let period = job.request.period ?? ""
        for unit in plan.units {
            for (cell, figures) in job.contribution {
                let key = AggregateRowKey(contract: contract, unit: unit, period: period, cell: cell)
                pending[key] = try (pending[key] ?? AggregateFigures()).adding(figures)
            }
        }
    }

    /// The merged figures, emptying the buffer.
    package mutating func drain() -> [(key: AggregateRowKey, figures: AggregateFigures)] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending.map { ($0.key, $0.value) }
    }
}
