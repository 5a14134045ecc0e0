import GridwayJSON

/// An enumerated field a contract's measures can be broken down by, e.g. `visitType`.
public struct AggregateDimension: Sendable, Hashable {
    /// The dimension's name, lowerCamelCase and unique in its contract.
    public let name: String
    /// The dimension's title as people read it, in Chinese, e.g. `走访方式`.
    public let title: String
    /// The enumerated field (`enum`, `const` or boolean) it reads, through object properties only.
    public let field: JSONPointer

    /// Creates a dimension; ``Contract`` checks that `field` names an enumerated field.
    public init(name: String, title: String, field: JSONPointer) {
        self.name = name
        self.title = title
        self.field = field
    }

    /// The value one submission has for the dimension, or `nil` when it lacks the field.
    public func value(in data: JSONValue) -> JSONValue? {
        field.resolve(in: data)
    }
}
