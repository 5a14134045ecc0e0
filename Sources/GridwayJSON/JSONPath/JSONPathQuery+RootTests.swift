/// Existence tests of absolute queries inside filters (`[?$.a[?$.b]]`), answered once per evaluation.
///
/// Such a test has the same answer for every node its filter tests, so evaluating it per node made
/// nested filters over absolute queries cost the product of the nodelist sizes at each level: a
/// 57-character query ran for more than 12 seconds on a small document (found by Fuzz/FuzzJSONPath,
/// reproducer in Fuzz/Regressions/FuzzJSONPath-nested-root-filters). Answering them bottom-up before the
/// evaluation evaluates each absolute query once.
extension JSONPathQuery {
    /// Whether a filter anywhere in the query tests for the existence of an absolute query.
    var hasRootTest: Bool {
        segments.contains { $0.selectors.contains(where: \.hasRootTest) }
    }

    /// The query with each existence test of an absolute query in its filters replaced by its answer
    /// for the document `root`.
    func answeringRootTests(in root: JSONValue) -> JSONPathQuery {
        JSONPathQuery(
            start: start,
            segments: segments.map {
                JSONPathSegment(
                    isDescendant: $0.isDescendant, selectors: $0.selectors.map { $0.answeringRootTests(in: root) })
            })
    }
}

extension JSONPathSelector {
    /// Whether the selector is a filter with an existence test of an absolute query.
    var hasRootTest: Bool {
        guard case .filter(let expression) = self else { return false }
        return expression.hasRootTest
    }

    /// The selector with the root tests of its filter answered for `root`.
    func answeringRootTests(in root: JSONValue) -> JSONPathSelector {
        guard case .filter(let expression) = self else { return self }
        return .filter(expression.answeringRootTests(in: root))
    }
}

extension JSONPathLogicalExpression {
    /// Whether the expression tests for the existence of an absolute query, here or in a nested filter.
    var hasRootTest: Bool {
        switch self {
        case .or(let terms), .and(let terms): terms.contains(where: \.hasRootTest)
        case .not(let term): term.hasRootTest
        case .exists(let query): query.start == .root || query.hasRootTest
        case .comparison, .regex: false
        }
    }

    /// The expression with each existence test of an absolute query replaced by its answer for `root`:
    /// `.and([])`, which always holds, or `.or([])`, which never does.
    func answeringRootTests(in root: JSONValue) -> JSONPathLogicalExpression {
        switch self {
        case .or(let terms):
            return .or(terms.map { $0.answeringRootTests(in: root) })
        case .and(let terms):
            return .and(terms.map { $0.answeringRootTests(in: root) })
        case .not(let term):
            return .not(term.answeringRootTests(in: root))
        case .exists(let query):
            let answered = query.answeringRootTests(in: root)
            guard query.start == .root else { return .exists(answered) }
            return answered.select(current: root, root: root, trail: UntrackedLocation()).isEmpty ? .or([]) : .and([])
        case .comparison, .regex:
            return self
        }
    }
}
