import GridwayCore
import GridwayJSON
import GridwayStore

/// The aggregate changes of one batch transaction on SQLite, merged per `aggregate` row: what its
/// submissions add, and what its corrections take away again, so a correction does not split the
/// batch's merge (see ``SQLiteStore/flush(_:in:)``).
struct AggregateRecordBuffer {
    /// What the batch changes in one row.
    struct Change {
        /// How many levels below the root the row's unit is: a row's extremes are recomputed from its
        /// children's rows, so deeper rows are settled first.
        var depth: Int
        /// The figures of the submissions the batch adds.
        var added = AggregateMeasures()
        /// The figures of the superseded submissions the batch takes away.
        var removed = AggregateMeasures()
        /// How the superseded submissions roll up, for recomputing the extremes they held.
        var plan: AggregatePlan?

        mutating func remove(_ measures: AggregateMeasures, plan: AggregatePlan) throws(AggregateOverflowError) {
            try removed.add(measures)
            self.plan = plan
        }
    }

    private var changes: [AggregateRecordKey: Change] = [:]

    /// An empty buffer.
    init() {}

    /// Whether nothing is waiting to be written.
    var isEmpty: Bool { changes.isEmpty }

    /// Adds a new submission's precomputed contribution to its unit and every ancestor.
    mutating func add(_ job: SubmissionJob) throws(AggregateOverflowError) {
        guard let plan = job.aggregation else { return }
        let rows = AggregateRecordKey.grouped(
            job.contribution, contract: job.request.contract.description, period: job.request.period ?? "")
        for (index, unit) in plan.units.enumerated() {
            for (row, measures) in rows {
                try changes[row.with(unit: unit), default: Change(depth: plan.units.count - 1 - index)].added.add(
                    measures)
            }
        }
    }

    /// Takes a superseded submission's contribution (`data` under `plan`) away from its unit and every ancestor.
    mutating func remove(_ data: JSONValue, contract: String, period: String?, plan: AggregatePlan)
        throws(AggregateOverflowError)
    {
        let rows = AggregateRecordKey.grouped(try plan.contribution(of: data), contract: contract, period: period ?? "")
        for (index, unit) in plan.units.enumerated() {
            for (row, measures) in rows {
                try changes[row.with(unit: unit), default: Change(depth: plan.units.count - 1 - index)].remove(
                    measures, plan: plan)
            }
        }
    }

    /// The merged changes, emptying the buffer: rows that are only added to, and rows a correction
    /// takes figures from, deepest unit first.
    mutating func drain() -> (
        additions: [(key: AggregateRecordKey, measures: AggregateMeasures)],
        corrections: [(key: AggregateRecordKey, change: Change)]
    ) {
        defer { changes.removeAll(keepingCapacity: true) }
        var additions: [(key: AggregateRecordKey, measures: AggregateMeasures)] = []
        additions.reserveCapacity(changes.count)
        var corrections: [(key: AggregateRecordKey, change: Change)] = []
        for (key, change) in changes {
            if change.removed.isEmpty {
                additions.append((key, change.added))
            } else {
                corrections.append((key, change))
            }
        }
        corrections.sort { $0.change.depth > $1.change.depth }
        return (additions, corrections)
    }
}
