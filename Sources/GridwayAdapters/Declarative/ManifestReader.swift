import Foundation

/// Reads a YAML tree into manifest parts, collecting every mistake instead of stopping at the first.
///
/// Each `read…` method returns `nil` (or a fallback) after recording a diagnostic, so a caller
/// carries on and the author sees all problems of a manifest in one run.
final class ManifestReader {
    /// The file name used in diagnostics.
    let file: String
    /// Everything found so far.
    private(set) var diagnostics: [ManifestDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Whether an error has been recorded.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(ManifestDiagnostic(.error, file: file, at: position, message))
    }

    func warning(_ message: String, at position: SourcePosition) {
        diagnostics.append(ManifestDiagnostic(.warning, file: file, at: position, message))
    }

    /// Adds diagnostics found by a nested reader or a compiler.
    func record(_ found: [ManifestDiagnostic]) {
        diagnostics.append(contentsOf: found)
    }

    /// The entries of a mapping node, after reporting keys outside `allowed` (with a suggestion),
    /// non-scalar keys and the `required` keys that are missing. `nil` if `node` is not a mapping.
    func mapping(_ node: YAMLNode, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let entries = node.entries else {
            error("\(what) must be a mapping, not \(node.kindName)", at: node.position)
            return nil
        }
        var fields = Fields(node: node)
        for entry in entries {
            guard let key = entry.key.scalar else {
                error("\(what): keys must be plain names", at: entry.key.position)
                continue
            }
            guard allowed.contains(key) else {
                error(
                    "unknown key \"\(key)\" in \(what)\(Suggestion.didYouMean(key, among: allowed))",
                    at: entry.key.position)
                continue
            }
            fields.entries[key] = entry
        }
        for key in required where fields.entries[key] == nil {
            error("\(what) is missing the required key \"\(key)\"", at: node.position)
        }
        return fields
    }

    /// The entries of a mapping whose keys are names chosen by the author (settings, tables,
    /// template members), in document order.
    func namedEntries(_ node: YAMLNode, _ what: String) -> [(name: String, key: YAMLNode, value: YAMLNode)] {
        guard let entries = node.entries else {
            error("\(what) must be a mapping, not \(node.kindName)", at: node.position)
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.key.scalar else {
                error("\(what): keys must be plain names", at: entry.key.position)
                return nil
            }
            return (name, entry.key, entry.value)
        }
    }

    /// A scalar's text.
    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = node.scalar else {
            error("\(what) must be a single value, not \(node.kindName)", at: node.position)
            return nil
        }
        return text
    }

    /// A non-empty scalar's text.
    func nonEmptyString(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard !text.isEmpty else {
            error("\(what) must not be empty", at: node.position)
            return nil
        }
        return text
    }

    /// An integer within `range`.
    func integer(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(
                "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"",
                at: node.position)
            return nil
        }
        return value
    }

    /// `true` or `false`.
    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error("\(what) must be true or false, not \"\(text)\"", at: node.position)
            return nil
        }
    }

    /// One of the raw values of `T`.
    func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, _ type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, what) else { return nil }
        guard let value = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue)
            error(
                "\(what) must be one of \(names.joined(separator: ", ")), not \"\(text)\"\(Suggestion.didYouMean(text, among: names))",
                at: node.position)
            return nil
        }
        return value
    }

    /// A list of scalars; a single scalar counts as a one-element list.
    func stringList(_ node: YAMLNode, _ what: String) -> [(text: String, node: YAMLNode)] {
        if let text = node.scalar { return [(text, node)] }
        guard let elements = node.elements else {
            error("\(what) must be a list, not \(node.kindName)", at: node.position)
            return []
        }
        return elements.compactMap { element in string(element, what).map { ($0, element) } }
    }

    /// A duration: `30s`, `500ms`, `2m`, or a number of seconds.
    func duration(_ node: YAMLNode, _ what: String) -> Duration? {
        guard let text = string(node, what) else { return nil }
        let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let number = Double(text.dropLast(unit.suffix.count)), number > 0 {
                return .milliseconds(Int64(number * unit.scale * 1000))
            }
        }
        if let number = Double(text), number > 0 { return .milliseconds(Int64(number * 1000)) }
        error("\(what) must be a duration such as 30s, 500ms or 2m, not \"\(text)\"", at: node.position)
        return nil
    }
}
