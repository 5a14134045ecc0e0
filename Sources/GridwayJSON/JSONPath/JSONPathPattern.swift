/// The pattern argument of `match()` or `search()`: compiled once when it is a literal, or
/// computed from the document for each node.
enum JSONPathPattern: Sendable {
    /// A literal pattern, compiled at parse time; `nil` when it is not a string holding a valid
    /// I-Regexp, so the function is always false.
    case literal(IRegexp?)
    /// A pattern taken from the document, compiled per evaluation.
    case computed(JSONPathValueExpression, wholeString: Bool)

    /// The regular expression to apply for the node `current`, or `nil` when there is none.
    func regex(current: JSONValue, root: JSONValue) -> IRegexp? {
        switch self {
        case .literal(let regex):
            return regex
        case .computed(let expression, let wholeString):
            guard case .string(let source)? = expression.evaluate(current: current, root: root) else { return nil }
            return IRegexp(source, wholeString: wholeString)
        }
    }
}
