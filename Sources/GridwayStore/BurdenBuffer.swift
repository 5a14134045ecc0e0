import GridwayCore

/// The burden figures of one batch transaction, merged per row before they are written.
package struct BurdenBuffer: Sendable {
    private var pending: [BurdenRowKey: BurdenFigures] = [:]

    /// An empty buffer.
    package init() {}

    /// Whether nothing is waiting to be written.
    package var isEmpty: Bool { pending.isEmpty }

    /// Adds a submission's figures to every row of its plan.
    package mutating func add(_ plan: BurdenPlan) {
        for row in plan.rows {
            pending[row] = (pending[row] ?? BurdenFigures()).adding(plan.figures)
        }
    }

    /// The merged figures, emptying the buffer.
    package mutating func drain() -> [(key: BurdenRowKey, figures: BurdenFigures)] {
        defer { pending.removeAll(keepingCapacity: true) }
        return pending.map { ($0.key, $0.value) }
    }
}
