import OrderedCollections

extension JSONValue {
    /// Whether two values are equal under JSON Schema's rules: numbers compare by mathematical
    /// value (`1 == 1.0`), strings by code points (no Unicode normalization), object member order
    /// is irrelevant, array order matters.
    public func isJSONEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null):
            return true
        case (.bool(let a), .bool(let b)):
            return a == b
        case (.string(let a), .string(let b)):
            // Code point equality: Swift's `==` would equate canonically equivalent strings.
            return a.utf8.elementsEqual(b.utf8)
        case (.integer(let a), .integer(let b)):
            return a == b
        case (.number(let a), .number(let b)):
            return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)):
            return Int64(exactly: b) == a
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isJSONEqual(to: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let otherValue = b[key], value.isJSONEqual(to: otherValue) else { return false }
            }
            return true
        default:
            return false
        }
    }
}
