import OrderedCollections

/// A compiled query: where it starts (`$` or `@`) and its segments.
struct JSONPathQuery: Sendable {
    /// The node a query starts from.
    enum Start: Sendable {
        /// `$`, the document being queried.
        case root
        /// `@`, the node a filter is testing.
        case current
    }

    /// One step of a singular query.
    enum Step: Sendable {
        case name(String)
        case index(Int)
    }

    let start: Start
    let segments: [JSONPathSegment]
    /// The steps of the query when it is singular (only child segments with one name or index
    /// selector each), otherwise `nil`.
    let singularPath: [Step]?

    init(start: Start, segments: [JSONPathSegment]) {
        self.start = start
        self.segments = segments
        var steps: [Step] = []
        for segment in segments {
            guard !segment.isDescendant, segment.selectors.count == 1 else {
                singularPath = nil
                return
            }
            switch segment.selectors[0] {
            case .name(let name): steps.append(.name(name))
            case .index(let index): steps.append(.index(index))
            default:
                singularPath = nil
                return
            }
        }
        singularPath = steps
    }

    /// The nodes the query selects, starting from `current` (for `@`) or `root` (for `$`).
    func select<Trail: JSONPathTrail>(current: JSONValue, root: JSONValue, trail: Trail) -> [(
        value: JSONValue, trail: Trail
    )] {
        let origin = start == .root ? root : current
        if let singularPath {
            return Self.walk(singularPath, from: origin, trail: trail).map { [$0] } ?? []
        }
        var nodes = [(value: origin, trail: trail)]
        for segment in segments {
            var next: [(value: JSONValue, trail: Trail)] = []
            for node in nodes {
                segment.apply(to: node.value, trail: node.trail, root: root, into: &next)
            }
            nodes = next
            if nodes.isEmpty { break }
        }
        return nodes
    }

    /// The value of a singular query, or `nil` (RFC 9535's "Nothing") when it selects no node.
    func singularValue(current: JSONValue, root: JSONValue) -> JSONValue? {
        guard let singularPath else { return .none }
        return Self.walk(singularPath, from: start == .root ? root : current, trail: UntrackedLocation())?.value
    }

    /// Follows singular steps from `value`; negative indexes count from the end of an array.
    static func walk<Trail: JSONPathTrail>(_ steps: [Step], from value: JSONValue, trail: Trail) -> (
        value: JSONValue, trail: Trail
    )? {
        var value = value
        var trail = trail
        for step in steps {
            switch (step, value) {
            case (.name(let name), .object(let members)):
                guard let member = members[name] else { return nil }
                value = member
                trail = trail.appending(name: name)
            case (.index(let index), .array(let elements)):
                let resolved = index < 0 ? elements.count + index : index
                guard resolved >= 0, resolved < elements.count else { return nil }
                value = elements[resolved]
                trail = trail.appending(index: resolved)
            default:
                return nil
            }
        }
        return (value, trail)
    }
}
