import GridwayCore
import GridwayJSON

/// A test on a decoded response body: `$.code == "0000"`, `$.result != 'FAIL'`,
/// `$.code in ["E503", "E504"]`, `$.code not in [...]`, or a bare path (`$.success`), which holds
/// when the value is there and is not `false`, `null`, `0` or empty text.
///
/// When either side is text, both are compared as text, so `$.code == 0` matches `"0"` from XML.
/// A path that selects several nodes (a wildcard or filter) matches when any of them does.
struct ResponsePredicate: Sendable {
    enum Operator: Sendable {
        case equals, notEquals, isIn, notIn, isTruthy
    }

    let path: DocumentPath
    let operation: Operator
    let values: [JSONValue]
    /// The predicate as written, for messages.
    let text: String

    func holds(in document: JSONValue) -> Bool {
        let selected =
            path.query.isSingular
            ? path.query.firstValue(in: document).map { [$0] } ?? [] : path.query.values(in: document)
        switch operation {
        case .isTruthy:
            return selected.contains { value in
                switch value {
                case .null, .bool(false), .integer(0), .string(""): false
                default: true
                }
            }
        case .equals, .isIn: return selected.contains { value in values.contains { Self.matches(value, $0) } }
        case .notEquals, .notIn: return !selected.contains { value in values.contains { Self.matches(value, $0) } }
        }
    }

    private static func matches(_ value: JSONValue, _ expected: JSONValue) -> Bool {
        switch (value, expected) {
        case (.string(let text), _) where expected.isScalar: return text == expected.scalarText
        case (_, .string(let text)) where value.isScalar: return value.scalarText == text
        default: return value.isJSONEqual(to: expected)
        }
    }
}

extension JSONValue {
    /// Whether the value is a number, boolean or string.
    fileprivate var isScalar: Bool {
        switch self {
        case .integer, .number, .bool, .string: true
        default: false
        }
    }

    /// A scalar's text: strings as they are, others in JSON.
    fileprivate var scalarText: String {
        if case .string(let text) = self { return text }
        return description
    }
}
