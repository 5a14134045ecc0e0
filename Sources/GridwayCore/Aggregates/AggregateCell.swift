/// One figure of a unit's rollup: a measure, over every submission or over those with one value
/// of a dimension.
public struct AggregateCell: Sendable, Hashable, Comparable {
    /// The measure's name.
    public var measure: String
    /// The dimension's name, or `""` for the total over every submission.
    public var dimension: String
    /// The dimension's value as canonical JSON text (e.g. `"home"` with its quotes, `true`), or `""` for the total.
    public var dimensionValue: String

    /// Creates a cell; leave the dimension empty for the total.
    public init(measure: String, dimension: String = "", dimensionValue: String = "") {
        self.measure = measure
        self.dimension = dimension
        self.dimensionValue = dimensionValue
    }

    /// Orders by dimension, value, then measure.
    public static func < (lhs: AggregateCell, rhs: AggregateCell) -> Bool {
        (lhs.dimension, lhs.dimensionValue, lhs.measure) < (rhs.dimension, rhs.dimensionValue, rhs.measure)
    }
}
