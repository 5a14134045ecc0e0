import GridwayJSON

/// What a set of submissions adds up to for one measure: enough to answer every operation and to
/// add or subtract further submissions.
///
/// Sums and extremes are ``ExactDecimal``s: adding and subtracting are exact, and a total that
/// would not fit throws ``AggregateOverflowError``. `min` and `max` cannot be un-done by
/// subtraction: ``subtracting(_:)`` reports when they must be recomputed from what remains.
public struct AggregateFigures: Sendable, Hashable {
    /// How many submissions the figures cover.
    public var submissions: Int
    /// How many of them have a value for the measure's field (all of them for a count).
    public var values: Int
    /// The total of the values.
    public var sum: ExactDecimal
    /// The smallest value, `nil` when there is none.
    public var min: ExactDecimal?
    /// The largest value, `nil` when there is none.
    public var max: ExactDecimal?

    /// Creates figures.
    public init(
        submissions: Int = 0, values: Int = 0, sum: ExactDecimal = .zero, min: ExactDecimal? = nil,
        max: ExactDecimal? = nil
    ) {
        self.submissions = submissions
        self.values = values
        self.sum = sum
        self.min = min
        self.max = max
    }

    /// The figures of one submission: its value, or none when it lacks the field.
    public init(value: ExactDecimal?) {
        self.init(submissions: 1, values: value == nil ? 0 : 1, sum: value ?? .zero, min: value, max: value)
    }

    /// The figures of both sets of submissions together.
    public func adding(_ other: AggregateFigures) throws(AggregateOverflowError) -> AggregateFigures {
        guard let sum = sum.adding(other.sum) else { throw AggregateOverflowError() }
        return AggregateFigures(
            submissions: submissions + other.submissions, values: values + other.values, sum: sum,
            min: Self.pick(min, other.min, by: Swift.min), max: Self.pick(max, other.max, by: Swift.max))
    }

    /// The figures without `other`'s submissions, and whether `min`/`max` must be recomputed
    /// because `other` held an extreme (they are left as they were).
    public func subtracting(_ other: AggregateFigures) throws(AggregateOverflowError)
        -> (figures: AggregateFigures, extremesStale: Bool)
    {
        var result = self
        result.submissions -= other.submissions
        result.values -= other.values
        guard let sum = sum.subtracting(other.sum) else { throw AggregateOverflowError() }
        result.sum = sum
        let stale =
            (other.min.map { value in min.map { value <= $0 } ?? true } ?? false)
            || (other.max.map { value in max.map { value >= $0 } ?? true } ?? false)
        if result.values <= 0 {
            result.sum = .zero
            result.min = nil
            result.max = nil
            return (result, false)
        }
        return (result, stale)
    }

    /// The figures of the submissions these cover that none of `parts` does, e.g. a unit's own
    /// reports from its subtree's figures and its children's: counts and sums exactly; an extreme
    /// only where no part reaches it (otherwise `nil`, as the figures alone cannot tell it).
    public func remainder(after parts: [AggregateFigures]) throws(AggregateOverflowError) -> AggregateFigures {
        var covered = AggregateFigures()
        for part in parts { covered = try covered.adding(part) }
        guard let sum = sum.subtracting(covered.sum) else { throw AggregateOverflowError() }
        let values = values - covered.values
        guard values > 0 else { return AggregateFigures(submissions: submissions - covered.submissions) }
        return AggregateFigures(
            submissions: submissions - covered.submissions, values: values, sum: sum,
            min: covered.min.map { reached in min.flatMap { reached > $0 ? $0 : nil } } ?? min,
            max: covered.max.map { reached in max.flatMap { reached < $0 ? $0 : nil } } ?? max)
    }

    /// The measure's figure for `op` as JSON: sums and extremes exactly (an integer as an integer),
    /// an average as the nearest double; `null` for min/max/avg when no submission has a value.
    public func value(for op: AggregateOperation) -> JSONValue {
        switch op {
        case .count: .integer(Int64(values))
        case .sum: sum.jsonValue
        case .min: min?.jsonValue ?? .null
        case .max: max?.jsonValue ?? .null
        case .avg: values > 0 ? .number(sum.doubleValue / Double(values)) : .null
        }
    }

    private static func pick(
        _ lhs: ExactDecimal?, _ rhs: ExactDecimal?, by choose: (ExactDecimal, ExactDecimal) -> ExactDecimal
    ) -> ExactDecimal? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return choose(lhs, rhs)
    }
}
