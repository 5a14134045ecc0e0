import GridwayCore
import GridwayJSON
import OrderedCollections
import Yams

/// A YAML node with the line and column it starts at, read with Yams' composer so every later
/// message can point at the offending key or value.
///
/// Plain scalars resolve as in YAML 1.2's JSON schema (`true`, `null`, `12`, `1.5`); anything else,
/// including `yes`, `01` and every quoted scalar, stays a string, which suits legacy code tables.
/// A merge key (`<<: *anchor`) copies an anchored mapping's entries into a mapping, so two sections
/// can share a field map and one add a key.
struct YAMLNode: Sendable {
    /// The node's content.
    enum Content: Sendable {
        /// A scalar's text and whether it was written unquoted.
        case scalar(String, plain: Bool)
        /// A mapping's entries in document order.
        case mapping([(key: YAMLNode, value: YAMLNode)])
        /// A sequence's elements.
        case sequence([YAMLNode])
    }

    var content: Content
    var position: SourcePosition

    /// Reads the first document of `text`, which must not be empty; `what` names it in the message.
    static func document(_ text: String, file: String, what: String) throws(ManifestError) -> YAMLNode {
        let root: YAMLNode?
        do {
            root = try compose(text, file: file)
        } catch {
            throw ManifestError([error])
        }
        guard let root else {
            throw ManifestError([ManifestDiagnostic(.error, file: file, at: .start, "the \(what) is empty")])
        }
        return root
    }

    /// Reads the first document of `text`; `nil` for an empty document.
    static func compose(_ text: String, file: String) throws(ManifestDiagnostic) -> YAMLNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file)
        } catch {
            throw ManifestDiagnostic(.error, file: file, at: .start, "cannot read the YAML: \(error)")
        }
        return root.map(YAMLNode.init)
    }

    private init(_ node: Node) {
        position = node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? .start
        switch node {
        case .scalar(let scalar):
            content = .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any)
        case .mapping(let mapping):
            content = .mapping(Self.merging(mapping.map { (YAMLNode($0.key), YAMLNode($0.value)) }))
        case .sequence(let sequence):
            content = .sequence(sequence.map(YAMLNode.init))
        case .alias(let alias):
            content = .scalar("*" + alias.anchor.rawValue, plain: false)
        }
    }

    /// A mapping's entries with each merge key (`<<: *anchor`, whose value is a mapping) replaced by
    /// that mapping's entries, first, except the keys the mapping sets itself.
    private static func merging(_ entries: [(key: YAMLNode, value: YAMLNode)]) -> [(key: YAMLNode, value: YAMLNode)] {
        func isMerge(_ entry: (key: YAMLNode, value: YAMLNode)) -> Bool {
            entry.key.isPlainScalar && entry.key.scalar == "<<" && entry.value.entries != nil
        }
        let own = entries.filter { !isMerge($0) }
        let ownKeys = Set(own.compactMap(\.key.scalar))
        let merged = entries.filter(isMerge).flatMap { $0.value.entries ?? [] }
        return merged.filter { !ownKeys.contains($0.key.scalar ?? "") } + own
    }

    /// The scalar's text, or `nil` for a mapping or sequence.
    var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// Whether this is a plain (unquoted) scalar.
    var isPlainScalar: Bool {
        if case .scalar(_, true) = content { return true }
        return false
    }

    /// The mapping's entries, or `nil`.
    var entries: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The sequence's elements, or `nil`.
    var elements: [YAMLNode]? {
        if case .sequence(let elements) = content { return elements }
        return nil
    }

    /// What kind of node this is, for messages.
    var kindName: String {
        switch content {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// The node as JSON: scalars resolved by the JSON schema rules, mapping keys as strings.
    var jsonValue: JSONValue {
        switch content {
        case .scalar(let text, let plain): plain ? Self.resolvePlain(text) : .string(text)
        case .sequence(let elements): .array(elements.map(\.jsonValue))
        case .mapping(let entries):
            .object(
                OrderedDictionary(
                    entries.map { ($0.key.scalar ?? "", $0.value.jsonValue) }, uniquingKeysWith: { _, last in last }))
        }
    }

    /// The position of a character `offset` Unicode scalars into this scalar's text, when the
    /// scalar sits on one line (plain or quoted); otherwise the scalar's own position.
    func position(atOffset offset: Int) -> SourcePosition {
        guard case .scalar(let text, let plain) = content, !text.contains("\n") else { return position }
        return SourcePosition(line: position.line, column: position.column + offset + (plain ? 0 : 1))
    }

    /// Resolves a plain scalar: `null`/`~`/empty, `true`/`false`, integers without leading zeros, decimals.
    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard looksNumeric(text) else { return .string(text) }
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int64(text) {
            return .integer(integer)
        }
        return Double(text).map(JSONValue.number) ?? .string(text)
    }

    /// Whether `text` is a JSON-style number: optional minus, no leading zeros, optional fraction and exponent.
    private static func looksNumeric(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let digits = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, digits.count == 1 || digits.first != UInt8(ascii: "0") else { return false }
        var rest = bytes.dropFirst(digits.count)
        if rest.first == UInt8(ascii: ".") {
            let fraction = rest.dropFirst().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
            let exponent = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }

    /// A located message for a Yams error.
    private static func diagnostic(for error: YamlError, file: String) -> ManifestDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ManifestDiagnostic(
                .error, file: file, at: SourcePosition(line: mark.line, column: mark.column),
                "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ManifestDiagnostic(
                .error, file: file,
                at: SourcePosition(line: context.mark.line, column: context.mark.column),
                "duplicate key \(duplicates.joined(separator: ", ")) in a mapping")
        default:
            return ManifestDiagnostic(.error, file: file, at: .start, "invalid YAML: \(error)")
        }
    }
}
