/// How an ``AggregateMeasure`` combines the submissions of a unit's subtree and period.
public enum AggregateOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The number of submissions; takes no field.
    case count
    /// The total of a numeric field.
    case sum
    /// The smallest value of a numeric field.
    case min
    /// The largest value of a numeric field.
    case max
    /// The mean of a numeric field over the submissions that have it.
    case avg
}
