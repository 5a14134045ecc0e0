import OrderedCollections

/// One selector of a segment.
enum JSONPathSelector: Sendable {
    /// `'name'` or `.name`: the object member with that name.
    case name(String)
    /// `*`: every element or member value.
    case wildcard
    /// `[i]`: the array element at `i`, counting from the end when negative.
    case index(Int)
    /// `[start:end:step]`: array elements by the RFC 9535 slice rules.
    case slice(start: Int?, end: Int?, step: Int?)
    /// `[?expr]`: the elements or member values for which the expression holds.
    case filter(JSONPathLogicalExpression)

    /// Appends what the selector selects from `value` to `output`.
    func apply<Trail: JSONPathTrail>(
        to value: JSONValue, trail: Trail, root: JSONValue, into output: inout [(value: JSONValue, trail: Trail)]
    ) {
        switch self {
        case .name(let name):
            if case .object(let members) = value, let member = members[name] {
                output.append((member, trail.appending(name: name)))
            }
        case .wildcard:
            JSONPathSegment.forEachChild(of: value, trail: trail) { output.append(($0, $1)) }
        case .index(let index):
            guard case .array(let elements) = value else { return }
            let resolved = index < 0 ? elements.count + index : index
            if resolved >= 0 && resolved < elements.count {
                output.append((elements[resolved], trail.appending(index: resolved)))
            }
        case .slice(let start, let end, let step):
            guard case .array(let elements) = value else { return }
            for index in Self.sliceIndexes(start: start, end: end, step: step ?? 1, count: elements.count) {
                output.append((elements[index], trail.appending(index: index)))
            }
        case .filter(let expression):
            JSONPathSegment.forEachChild(of: value, trail: trail) { child, childTrail in
                if expression.holds(current: child, root: root) {
                    output.append((child, childTrail))
                }
            }
        }
    }

    /// The indexes a slice selects in an array of `count` elements (RFC 9535 section 2.3.4.2.2).
    static func sliceIndexes(start: Int?, end: Int?, step: Int, count: Int) -> StrideTo<Int> {
        func normalized(_ index: Int) -> Int { index >= 0 ? index : count + index }
        if step > 0 {
            let lower = min(max(normalized(start ?? 0), 0), count)
            let upper = min(max(normalized(end ?? count), 0), count)
            return stride(from: lower, to: upper, by: step)
        }
        if step < 0 {
            let upper = min(max(normalized(start ?? count - 1), -1), count - 1)
            let lower = min(max(normalized(end ?? -count - 1), -1), count - 1)
            return stride(from: upper, to: lower, by: step)
        }
        return stride(from: 0, to: 0, by: 1)
    }
}
