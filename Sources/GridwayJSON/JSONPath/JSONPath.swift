/// A compiled RFC 9535 JSONPath query, such as `$.data.visitor.name` or
/// `$.items[?@.age >= 60].name`.
///
/// Compile once with ``init(parsing:)`` and evaluate many times: a `JSONPath` is immutable and
/// safe to share between tasks. ``select(in:)`` returns the nodelist with each node's normalized
/// path; ``values(in:)`` and ``firstValue(in:)`` skip building paths.
///
/// ```swift
/// let path = try JSONPath(parsing: "$.items[?@.age >= 60].name")
/// let names = path.values(in: document)
/// ```
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let expression: String
    let query: JSONPathQuery
    /// Whether a filter tests for an absolute query, answered once per document before evaluating.
    private let hasRootTest: Bool

    /// Compiles an RFC 9535 query, including its filter expressions, function extensions
    /// (`length`, `count`, `match`, `search`, `value`) and their type rules.
    ///
    /// - Throws: ``JSONPathSyntaxError`` with the offending column and the reason, when the
    ///   expression is not well-formed or not well-typed.
    public init(parsing expression: String) throws(JSONPathSyntaxError) {
        var parser = JSONPathParser(expression)
        query = try parser.parseQuery()
        hasRootTest = query.hasRootTest
        self.expression = expression
    }

    /// The query to evaluate against `document`.
    private func query(for document: JSONValue) -> JSONPathQuery {
        hasRootTest ? query.answeringRootTests(in: document) : query
    }

    /// Whether the query is singular (RFC 9535 section 2.3.5.1): only name and index selectors,
    /// one per segment, no descendant segments, so it selects at most one node.
    public var isSingular: Bool {
        query.singularPath != nil
    }

    /// The member names of the query's leading segments that each name one member, up to the
    /// first segment that does anything else: `data`, `visits` for `$.data['visits'][*].name`.
    ///
    /// Tells which top-level fields a mapping reads, without matching the expression's text.
    public var leadingNames: [String] {
        var names: [String] = []
        for segment in query.segments {
            guard !segment.isDescendant, segment.selectors.count == 1, case .name(let name) = segment.selectors[0]
            else { break }
            names.append(name)
        }
        return names
    }

    /// The nodes the query selects in `document`, in the order RFC 9535 defines, each with its
    /// normalized path.
    public func select(in document: JSONValue) -> [JSONPathNode] {
        query(for: document).select(current: document, root: document, trail: JSONPathLocation.root).map {
            JSONPathNode(location: $0.trail, value: $0.value)
        }
    }

    /// The values of the nodes the query selects in `document`, in nodelist order.
    public func values(in document: JSONValue) -> [JSONValue] {
        query(for: document).select(current: document, root: document, trail: UntrackedLocation()).map(\.value)
    }

    /// The value of the first node the query selects in `document`, or `nil` if it selects none.
    public func firstValue(in document: JSONValue) -> JSONValue? {
        if let path = query.singularPath {
            return JSONPathQuery.walk(path, from: document, trail: UntrackedLocation())?.value
        }
        return values(in: document).first
    }

    /// The expression as written.
    public var description: String {
        expression
    }

    /// Two paths are equal when their expressions are the same text.
    public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool {
        lhs.expression == rhs.expression
    }

    /// Hashes the expression text.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(expression)
    }
}
