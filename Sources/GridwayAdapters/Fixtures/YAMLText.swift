import GridwayCore
import GridwayJSON
import OrderedCollections

/// Writes JSON values as block-style YAML that the manifest and fixture readers read back to the
/// same values: strings are quoted whenever a plain scalar would read as something else.
enum YAMLText {
    /// The lines of `value` as the value of a key, indented by `indent` spaces: `key: value` for a
    /// scalar or an empty collection, `key:` followed by nested lines otherwise.
    static func member(_ key: String, _ value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            return ["\(pad)\(scalarKey(key)):"] + members.flatMap { member($0.key, $0.value, indent: indent + 2) }
        case .array(let elements) where !elements.isEmpty:
            return ["\(pad)\(scalarKey(key)):"] + elements.flatMap { element(of: $0, indent: indent + 2) }
        default:
            return ["\(pad)\(scalarKey(key)): \(flow(value))"]
        }
    }

    /// The lines of one list element.
    private static func element(of value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        guard case .object(let members) = value, !members.isEmpty else { return ["\(pad)- \(flow(value))"] }
        var lines = members.flatMap { member($0.key, $0.value, indent: indent + 2) }
        lines[0] = pad + "- " + lines[0].dropFirst(indent + 2)
        return lines
    }

    /// A value on one line: a scalar, or `[]` / `{}`, or a flow collection of scalars.
    static func flow(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return scalar(text)
        case .array(let elements): return "[" + elements.map(flow).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\(scalarKey($0.key)): \(flow($0.value))" }.joined(separator: ", ") + "}"
        default: return value.description
        }
    }

    /// A string as a plain scalar when that reads back as the same string (and does not look like a
    /// number to a person), else double-quoted.
    static func scalar(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "-_./@()（）、，。".unicodeScalars.contains(scalar)
        }
        let first = text.unicodeScalars.first
        let digitsOnly = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        if safe, !digitsOnly, let first, first.properties.isAlphabetic || ("0"..."9").contains(first),
            YAMLNode.resolvePlain(text) == .string(text)
        {
            return text
        }
        return JSONValue.string(text).description
    }

    private static func scalarKey(_ key: String) -> String {
        TemplateCompiler.isExpression(key) ? JSONValue.string(key).description : scalar(key)
    }
}
