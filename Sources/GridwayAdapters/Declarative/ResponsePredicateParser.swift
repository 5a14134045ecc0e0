import GridwayCore
import GridwayJSON

/// Reads the `when:` tests of a response section; see ``ResponsePredicate``.
enum ResponsePredicateParser {
    static func parse(_ text: String, in node: YAMLNode, _ compiler: TemplateCompiler) -> ResponsePredicate? {
        let reader = compiler.reader
        let whole = ExpressionText.Piece(text: text, offset: 0)
        guard let (operation, operatorRange) = findOperator(text) else {
            return compiler.path(whole.trimmed, in: node).map {
                ResponsePredicate(path: $0, operation: .isTruthy, values: [], text: text)
            }
        }
        let scalars = Array(text.unicodeScalars)
        let left = ExpressionText.Piece(text: ExpressionText.string(scalars[..<operatorRange.lowerBound]), offset: 0)
            .trimmed
        let right = ExpressionText.Piece(
            text: ExpressionText.string(scalars[operatorRange.upperBound...]), offset: operatorRange.upperBound
        ).trimmed
        guard let path = compiler.path(left, in: node) else { return nil }
        var values: [JSONValue] = []
        if operation == .isIn || operation == .notIn {
            guard right.text.hasPrefix("["), right.text.hasSuffix("]") else {
                reader.error("after \"in\" write a list: [\"a\", \"b\"]", at: node.position(atOffset: right.offset))
                return nil
            }
            let inner = ExpressionText.Piece(text: String(right.text.dropFirst().dropLast()), offset: right.offset + 1)
            for item in ExpressionText.split(inner, on: ",").map(\.trimmed) where !item.text.isEmpty {
                guard let value = literal(item, node, reader) else { return nil }
                values.append(value)
            }
        } else {
            guard let value = literal(right, node, reader) else { return nil }
            values = [value]
        }
        return ResponsePredicate(path: path, operation: operation, values: values, text: text)
    }

    /// A quoted string, number, `true`, `false` or `null`.
    private static func literal(_ piece: ExpressionText.Piece, _ node: YAMLNode, _ reader: ManifestReader) -> JSONValue?
    {
        if let text = ExpressionText.unquoted(piece.text) { return .string(text) }
        let value = YAMLNode.resolvePlain(piece.text)
        if case .string = value {
            reader.error(
                "expected a quoted text, a number, true, false or null, not \(piece.text)",
                at: node.position(atOffset: piece.offset))
            return nil
        }
        return value
    }

    /// The first top-level comparison operator and its scalar range.
    private static func findOperator(_ text: String) -> (ResponsePredicate.Operator, Range<Int>)? {
        let scalars = Array(text.unicodeScalars)
        func word(_ word: String, at position: Int) -> Bool {
            let letters = Array(word.unicodeScalars)
            guard position > 0, scalars[position - 1] == " ", position + letters.count < scalars.count,
                scalars[position + letters.count] == " "
            else { return false }
            return Array(scalars[position..<(position + letters.count)]) == letters
        }
        var found: (ResponsePredicate.Operator, Range<Int>)?
        ExpressionText.forEachTopLevel(scalars, from: 0) { index in
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            if scalars[index] == "=", next == "=" {
                found = (.equals, index..<(index + 2))
            } else if scalars[index] == "!", next == "=" {
                found = (.notEquals, index..<(index + 2))
            } else if word("not in", at: index) {
                found = (.notIn, index..<(index + 6))
            } else if word("in", at: index) {
                found = (.isIn, index..<(index + 2))
            }
            return found != nil
        }
        return found
    }
}
