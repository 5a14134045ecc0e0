import GridwayCore

/// The burden figures of one batch transaction, merged before they are written.
///
/// A submission's figures are added once, to its origin row (its own contract, period and unit),
/// while the writer holds the transaction; they are spread over the origin's other rows (every
/// contract, every period, the ancestors) only when drained, once per distinct origin of the batch.
package struct BurdenBuffer: Sendable {
    private var byOrigin: [BurdenRowKey: (rows: [BurdenRowKey], figures: BurdenFigures)] = [:]

    /// An empty buffer.
    package init() {}

    /// Whether nothing is waiting to be written.
    package var isEmpty: Bool { byOrigin.isEmpty }

    /// Adds a submission's figures to its plan's rows.
    package mutating func add(_ plan: BurdenPlan) {
        byOrigin[plan.origin, default: (plan.rows, BurdenFigures())].figures.add(plan.figures)
    }

    /// The merged figures of every row, emptying the buffer.
    package mutating func drain() -> [(key: BurdenRowKey, figures: BurdenFigures)] {
        defer { byOrigin.removeAll(keepingCapacity: true) }
        var merged: [BurdenRowKey: BurdenFigures] = [:]
        for (rows, figures) in byOrigin.values {
            for row in rows { merged[row, default: BurdenFigures()].add(figures) }
        }
        return merged.map { ($0.key, $0.value) }
    }
}
