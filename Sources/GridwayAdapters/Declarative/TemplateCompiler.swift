import GridwayCore
import GridwayJSON

/// Compiles template nodes of a manifest, recording every mistake with its line and column.
///
/// A scalar is read as follows: text starting with `$.`, `$[` or `$ ` (or just `$`) is a mapping
/// expression; text containing `${` is an interpolation; `$$` at the start stands for a literal
/// `$`; anything else is a literal (plain scalars resolve to numbers, booleans and `null` as in
/// JSON). A mapping with the keys `$each` and `$item` maps a list; any other mapping is an object.
final class TemplateCompiler {
    let context: ManifestContext
    let scope: TemplateScope
    /// Every path compiled so far, for the checks against the contract.
    private(set) var paths: [DocumentPath] = []
    /// The paths of expressions that fail when the value is missing (no `optional`, no `default`).
    private(set) var requiredPaths: [DocumentPath] = []

    init(context: ManifestContext, scope: TemplateScope) {
        self.context = context
        self.scope = scope
    }

    var reader: ManifestReader { context.reader }

    /// The compiled template of `node`; after an error, a placeholder `null` literal.
    func template(_ node: YAMLNode) -> Template {
        switch node.content {
        case .scalar(let text, let plain):
            return scalar(text, plain: plain, node: node)
        case .sequence(let elements):
            return .array(elements.map(template))
        case .mapping(let entries):
            if entries.contains(where: { $0.key.scalar?.hasPrefix("$") == true }) { return each(node) }
            var members: [(key: String, value: Template)] = []
            for entry in entries {
                guard let key = entry.key.scalar else {
                    reader.error("template keys must be plain names", at: entry.key.position)
                    continue
                }
                members.append((key, template(entry.value)))
            }
            return .object(members)
        }
    }

    /// A scalar leaf: expression, interpolation or literal.
    private func scalar(_ text: String, plain: Bool, node: YAMLNode) -> Template {
        if text.hasPrefix("$$") { return .literal(.string(String(text.dropFirst()))) }
        if Self.isExpression(text) {
            return expression(ExpressionText.Piece(text: text, offset: 0), in: node).map(Template.expression)
                ?? .literal(.null)
        }
        if text.contains("${") { return interpolation(text, in: node).map(Template.interpolation) ?? .literal(.null) }
        return .literal(plain ? YAMLNode.resolvePlain(text) : .string(text))
    }

    /// Whether scalar text is a mapping expression.
    static func isExpression(_ text: String) -> Bool {
        guard text.first == "$" else { return false }
        let second = text.dropFirst().first
        return second == nil || second == "." || second == "[" || second == " " || second == "|"
    }

    /// `$each` / `$item`.
    private func each(_ node: YAMLNode) -> Template {
        guard
            let fields = reader.mapping(
                node, "a list mapping", allowed: ["$each", "$item"], required: ["$each", "$item"]),
            let source = fields["$each"], let item = fields["$item"]
        else { return .literal(.null) }
        guard let text = reader.string(source, "$each"),
            let path = path(ExpressionText.Piece(text: text, offset: 0), in: source)
        else { return .literal(.null) }
        let inner = TemplateCompiler(context: context, scope: scope.insideEach)
        let itemTemplate = inner.template(item)
        paths += inner.paths
        requiredPaths += inner.requiredPaths
        return .each(path, item: itemTemplate)
    }

    /// A text that must be a constant or an interpolation (URLs, header values, auth fields).
    func text(_ node: YAMLNode, _ what: String) -> Interpolation? {
        guard let text = reader.string(node, what) else { return nil }
        if text.contains("${") { return interpolation(text, in: node) }
        return Interpolation(parts: [.text(text.hasPrefix("$$") ? String(text.dropFirst()) : text)])
    }

    /// Text with `${…}` parts.
    func interpolation(_ text: String, in node: YAMLNode) -> Interpolation? {
        let scalars = Array(text.unicodeScalars)
        var parts: [Interpolation.Part] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        var failed = false
        while index < scalars.count {
            guard scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            guard let close = ExpressionText.closingBrace(in: scalars, from: index + 2) else {
                reader.error("\"${\" is never closed by \"}\"", at: node.position(atOffset: index))
                return nil
            }
            if !literal.isEmpty { parts.append(.text(String(literal))) }
            literal = String.UnicodeScalarView()
            let inside = ExpressionText.Piece(
                text: ExpressionText.string(scalars[(index + 2)..<close]), offset: index + 2
            ).trimmed
            if let part = interpolated(inside, in: node) { parts.append(part) } else { failed = true }
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.text(String(literal))) }
        return failed ? nil : Interpolation(parts: parts)
    }

    /// What one `${…}` holds: a setting or an expression.
    private func interpolated(_ piece: ExpressionText.Piece, in node: YAMLNode) -> Interpolation.Part? {
        if piece.text.hasPrefix("settings.") {
            let name = String(piece.text.dropFirst("settings.".count))
            guard scope.settings.contains(name) else {
                reader.error(
                    "unknown setting \"\(name)\"\(Suggestion.didYouMean(name, among: scope.settings)); declare it under settings:",
                    at: node.position(atOffset: piece.offset))
                return nil
            }
            context.noteUse(ofSetting: name)
            return .setting(name)
        }
        guard piece.text.hasPrefix("$") else {
            reader.error(
                "inside ${…} write settings.NAME or a JSONPath such as $.data.name, not \"\(piece.text)\"",
                at: node.position(atOffset: piece.offset))
            return nil
        }
        return expression(piece, in: node).map(Interpolation.Part.expression)
    }

    /// `$.path | transform | …`.
    func expression(_ piece: ExpressionText.Piece, in node: YAMLNode) -> MappingExpression? {
        let stages = ExpressionText.split(piece, on: "|").map(\.trimmed)
        guard let path = path(stages[0], in: node) else { return nil }
        var transforms: [(transform: Transform, text: String)] = []
        var isOptional = false
        var failed = false
        for stage in stages.dropFirst() {
            guard !stage.text.isEmpty else {
                reader.error("empty step after \"|\"", at: node.position(atOffset: stage.offset))
                failed = true
                continue
            }
            switch TransformParser(compiler: self, node: node).transform(stage) {
            case .optional: isOptional = true
            case .step(let transform): transforms.append((transform, stage.text))
            case .invalid: failed = true
            }
        }
        guard !failed else { return nil }
        let fillsIn = transforms.contains { if case .defaultValue = $0.transform { true } else { false } }
        if !isOptional && !fillsIn { requiredPaths.append(path) }
        return MappingExpression(path: path, transforms: transforms, isOptional: isOptional)
    }

    /// A JSONPath, checked to start at one of the document's roots.
    func path(_ piece: ExpressionText.Piece, in node: YAMLNode) -> DocumentPath? {
        let position = node.position(atOffset: piece.offset)
        let path: DocumentPath
        do {
            path = try DocumentPath(piece.text, at: position)
        } catch {
            reader.error(
                "bad JSONPath \(piece.text): \(error.reason)", at: node.position(atOffset: piece.offset + error.offset))
            return nil
        }
        if let root = path.leadingNames.first, !scope.roots.isEmpty, !scope.roots.contains(root) {
            reader.error(
                "\(path.text): \(scope.documentName) has no \"\(root)\"; it has \(scope.roots.map { "$.\($0)" }.joined(separator: ", "))\(Suggestion.didYouMean(root, among: scope.roots))",
                at: position)
            return nil
        }
        paths.append(path)
        return path
    }
}
