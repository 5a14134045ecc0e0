import OrderedCollections

/// One segment of a query: a child segment (`.a`, `[...]`) or a descendant segment (`..a`,
/// `..[...]`), with its selectors.
struct JSONPathSegment: Sendable {
    /// Whether the selectors apply to the node and all its descendants, not only to the node.
    let isDescendant: Bool
    let selectors: [JSONPathSelector]

    /// Appends what the segment selects from one input node to `output`.
    func apply<Trail: JSONPathTrail>(
        to value: JSONValue, trail: Trail, root: JSONValue, into output: inout [(value: JSONValue, trail: Trail)]
    ) {
        for selector in selectors {
            selector.apply(to: value, trail: trail, root: root, into: &output)
        }
        guard isDescendant else { return }
        // Descendants are visited after their parent, array elements in order.
        Self.forEachChild(of: value, trail: trail) { child, childTrail in
            apply(to: child, trail: childTrail, root: root, into: &output)
        }
    }

    /// Calls `body` with each element of an array or member value of an object, in document order.
    @inline(__always)
    static func forEachChild<Trail: JSONPathTrail>(
        of value: JSONValue, trail: Trail, _ body: (JSONValue, Trail) -> Void
    ) {
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                body(element, trail.appending(index: index))
            }
        case .object(let members):
            for (name, member) in members {
                body(member, trail.appending(name: name))
            }
        default:
            break
        }
    }
}
