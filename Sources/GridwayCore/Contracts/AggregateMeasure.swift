import GridwayJSON

/// A number a contract's submissions roll up into, per unit subtree and period.
public struct AggregateMeasure: Sendable, Hashable {
    /// The measure's name, lowerCamelCase and unique in its contract, e.g. `totalMinutes`.
    public let name: String
    /// The measure's title as people read it, in Chinese, e.g. `走访总时长（分钟）`.
    public let title: String
    /// How values combine.
    public let op: AggregateOperation
    /// The numeric field the measure reads (a pointer into the submission data, through object
    /// properties only), or `nil` for ``AggregateOperation/count``.
    public let field: JSONPointer?

    /// Creates a measure; ``Contract`` checks that `field` names a numeric field.
    public init(name: String, title: String, op: AggregateOperation, field: JSONPointer?) {
        self.name = name
        self.title = title
        self.op = op
        self.field = field
    }

    /// The value one submission contributes: `1` for a count, otherwise the field's number, or
    /// `nil` when the submission lacks the field; throws for a number that cannot be held exactly.
    public func value(in data: JSONValue) throws(AggregateOverflowError) -> ExactDecimal? {
        guard let field else { return ExactDecimal(1) }
        guard let value = field.resolve(in: data), value.doubleValue != nil else { return nil }
        guard let exact = ExactDecimal(value) else { throw AggregateOverflowError() }
        return exact
    }
}
