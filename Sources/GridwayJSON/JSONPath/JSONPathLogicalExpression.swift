/// A filter expression of logical type: what `[?...]` tests for each child.
indirect enum JSONPathLogicalExpression: Sendable {
    /// `a || b || ...`
    case or([JSONPathLogicalExpression])
    /// `a && b && ...`
    case and([JSONPathLogicalExpression])
    /// `!a`
    case not(JSONPathLogicalExpression)
    /// A query used as a test: true when it selects at least one node.
    case exists(JSONPathQuery)
    /// `left op right` over values, where a missing value is RFC 9535's "Nothing".
    case comparison(JSONPathValueExpression, JSONPathComparator, JSONPathValueExpression)
    /// `match(subject, pattern)` (whole string) or `search(subject, pattern)` (any substring).
    case regex(subject: JSONPathValueExpression, pattern: JSONPathPattern)

    /// Whether the expression holds for the node `current` in the document `root`.
    func holds(current: JSONValue, root: JSONValue) -> Bool {
        switch self {
        case .or(let terms):
            return terms.contains { $0.holds(current: current, root: root) }
        case .and(let terms):
            return terms.allSatisfy { $0.holds(current: current, root: root) }
        case .not(let term):
            return !term.holds(current: current, root: root)
        case .exists(let query):
            if query.singularPath != nil {
                guard case .some = query.singularValue(current: current, root: root) else { return false }
                return true
            }
            return !query.select(current: current, root: root, trail: UntrackedLocation()).isEmpty
        case .comparison(let left, let comparator, let right):
            return comparator.compare(
                left.evaluate(current: current, root: root), right.evaluate(current: current, root: root))
        case .regex(let subject, let pattern):
            guard case .string(let string)? = subject.evaluate(current: current, root: root),
                let regex = pattern.regex(current: current, root: root)
            else { return false }
            return regex.matches(string)
        }
    }
}
