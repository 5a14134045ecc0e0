import OrderedCollections

/// A filter expression of value type: a comparison operand or a value argument of a function.
indirect enum JSONPathValueExpression: Sendable {
    /// A literal: a number, string, `true`, `false` or `null`.
    case literal(JSONValue)
    /// A singular query: its node's value, or Nothing when it selects none.
    case query(JSONPathQuery)
    /// `length(v)`: characters of a string, elements of an array, members of an object.
    case length(JSONPathValueExpression)
    /// `count(q)`: the number of nodes a query selects.
    case count(JSONPathQuery)
    /// `value(q)`: the value of the only node a query selects, or Nothing.
    case value(JSONPathQuery)

    /// The value for the node `current` in the document `root`, or `.none` for Nothing.
    func evaluate(current: JSONValue, root: JSONValue) -> JSONValue? {
        switch self {
        case .literal(let value):
            return value
        case .query(let query):
            return query.singularValue(current: current, root: root)
        case .length(let argument):
            switch argument.evaluate(current: current, root: root) {
            case .string(let string)?: return .integer(Int64(string.unicodeScalars.count))
            case .array(let elements)?: return .integer(Int64(elements.count))
            case .object(let members)?: return .integer(Int64(members.count))
            default: return .none
            }
        case .count(let query):
            return .integer(Int64(query.select(current: current, root: root, trail: UntrackedLocation()).count))
        case .value(let query):
            let nodes = query.select(current: current, root: root, trail: UntrackedLocation())
            // Not `nil`: JSONValue is ExpressibleByNilLiteral, and Nothing must not become `null`.
            return nodes.count == 1 ? nodes[0].value : .none
        }
    }
}
