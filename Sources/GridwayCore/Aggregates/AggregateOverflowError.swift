/// A measured value or rollup figure that ``ExactDecimal`` cannot hold (more than
/// ``ExactDecimal/maximumScale`` fractional digits, or too large): the submission is refused rather
/// than the total rounded or wrapped.
public struct AggregateOverflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    public var description: String {
        "a measured value or total that Gridway cannot add up exactly (too large, or more than \(ExactDecimal.maximumScale) decimal places)"
    }
}
