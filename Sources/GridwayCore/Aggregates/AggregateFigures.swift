/// What a set of submissions adds up to for one measure: enough to answer every operation and to
/// add or subtract further submissions.
///
/// `min` and `max` cannot be un-done by subtraction: ``subtracting(_:)`` reports when they must be
/// recomputed from what remains.
public struct AggregateFigures: Sendable, Hashable {
    /// How many submissions the figures cover.
    public var submissions: Int
    /// How many of them have a value for the measure's field (all of them for a count).
    public var values: Int
    /// The total of the values.
    public var sum: Double
    /// The smallest value, `nil` when there is none.
    public var min: Double?
    /// The largest value, `nil` when there is none.
    public var max: Double?

    /// Creates figures.
    public init(submissions: Int = 0, values: Int = 0, sum: Double = 0, min: Double? = nil, max: Double? = nil) {
        self.submissions = submissions
        self.values = values
        self.sum = sum
        self.min = min
        self.max = max
    }

    /// The figures of one submission: its value, or none when it lacks the field.
    public init(value: Double?) {
        self.init(submissions: 1, values: value == nil ? 0 : 1, sum: value ?? 0, min: value, max: value)
    }

    /// The figures of both sets of submissions together.
    public func adding(_ other: AggregateFigures) -> AggregateFigures {
        AggregateFigures(
            submissions: submissions + other.submissions, values: values + other.values, sum: sum + other.sum,
            min: Self.pick(min, other.min, by: Swift.min), max: Self.pick(max, other.max, by: Swift.max))
    }

    /// The figures without `other`'s submissions, and whether `min`/`max` must be recomputed
    /// because `other` held an extreme (they are left as they were).
    public func subtracting(_ other: AggregateFigures) -> (figures: AggregateFigures, extremesStale: Bool) {
        var result = self
        result.submissions -= other.submissions
        result.values -= other.values
        result.sum -= other.sum
        let stale =
            (other.min.map { value in min.map { value <= $0 } ?? true } ?? false)
            || (other.max.map { value in max.map { value >= $0 } ?? true } ?? false)
        if result.values <= 0 {
            result.sum = 0
            result.min = nil
            result.max = nil
            return (result, false)
        }
        return (result, stale)
    }

    /// The measure's figure for `op`: `nil` for min/max/avg when no submission has a value.
    public func value(for op: AggregateOperation) -> Double? {
        switch op {
        case .count: Double(values)
        case .sum: sum
        case .min: min
        case .max: max
        case .avg: values > 0 ? sum / Double(values) : nil
        }
    }

    /// Whether the figures match `other`, sums within a relative 1e-9 (additions in another order round differently).
    public func isClose(to other: AggregateFigures) -> Bool {
        submissions == other.submissions && values == other.values && min == other.min && max == other.max
            && abs(sum - other.sum) <= 1e-9 * Swift.max(1, abs(sum), abs(other.sum))
    }

    private static func pick(_ lhs: Double?, _ rhs: Double?, by choose: (Double, Double) -> Double) -> Double? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return choose(lhs, rhs)
    }
}
