import GridwayCore
import GridwayJSON
import OrderedCollections

/// Path-by-path differences between two JSON values, for fixture reports.
enum JSONDiff {
    /// The differences, each at a path under `path` (`body.items[1].name`).
    ///
    /// With `loose`, a text compares equal to a number or boolean with the same text, as bodies
    /// decoded from XML, forms and CSV hold only text.
    static func differences(expected: JSONValue, actual: JSONValue, at path: String, loose: Bool) -> [FixtureMismatch] {
        switch (expected, actual) {
        case (.object(let want), .object(let got)):
            var found: [FixtureMismatch] = []
            for (key, value) in want {
                let child = member(path, key)
                if let other = got[key] {
                    found += differences(expected: value, actual: other, at: child, loose: loose)
                } else {
                    found.append(FixtureMismatch(path: child, expected: shown(value), actual: "nothing"))
                }
            }
            for (key, value) in got where want[key] == nil {
                found.append(FixtureMismatch(path: member(path, key), expected: "nothing", actual: shown(value)))
            }
            return found
        case (.array(let want), .array(let got)):
            var found: [FixtureMismatch] = []
            for index in 0..<max(want.count, got.count) {
                let child = "\(path)[\(index)]"
                switch (
                    want.indices.contains(index) ? Optional(want[index]) : nil,
                    got.indices.contains(index) ? Optional(got[index]) : nil
                ) {
                case (let value?, let other?):
                    found += differences(expected: value, actual: other, at: child, loose: loose)
                case (let value?, nil):
                    found.append(FixtureMismatch(path: child, expected: shown(value), actual: "nothing"))
                case (nil, let other?):
                    found.append(FixtureMismatch(path: child, expected: "nothing", actual: shown(other)))
                case (nil, nil): break
                }
            }
            return found
        default:
            if expected.isJSONEqual(to: actual) { return [] }
            if loose, let a = text(expected), let b = text(actual), a == b { return [] }
            return [
                FixtureMismatch(path: path.isEmpty ? "value" : path, expected: shown(expected), actual: shown(actual))
            ]
        }
    }

    /// `path.key`, or `path["odd key"]` for keys that are not plain names.
    static func member(_ path: String, _ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.allSatisfy {
                $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ":" || $0 == "@" || $0 == "#"
            }
        if plain { return path.isEmpty ? key : path + "." + key }
        return path + "[" + JSONValue.string(key).description + "]"
    }

    /// A value as compact JSON, cut short when long.
    static func shown(_ value: JSONValue) -> String {
        let text = value.description
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer, .number, .bool: value.description
        default: nil
        }
    }
}
