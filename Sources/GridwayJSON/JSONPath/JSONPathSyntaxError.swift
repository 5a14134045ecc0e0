/// An error thrown by ``JSONPath/init(parsing:)`` when an expression is not a well-formed,
/// well-typed RFC 9535 JSONPath query.
///
/// Positions count Unicode scalars: ``offset`` is zero-based and ``column`` one-based, so
/// `column == offset + 1`. ``description`` shows the expression with a caret under the column.
public struct JSONPathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression that failed to compile.
    public var expression: String
    /// The zero-based index, in Unicode scalars, of the first offending character.
    public var offset: Int
    /// What is wrong there, e.g. `expected ']' to close the bracketed selection`.
    public var reason: String

    /// Creates an error at `offset` in `expression`.
    public init(expression: String, offset: Int, reason: String) {
        self.expression = expression
        self.offset = offset
        self.reason = reason
    }

    /// The one-based column of ``offset``.
    public var column: Int {
        offset + 1
    }

    /// Three lines: the reason with its column, the expression, and a caret under the column.
    ///
    /// Line breaks and tabs in the expression are shown as spaces, and East Asian wide
    /// characters take two caret columns, so the caret lines up in a terminal.
    public var description: String {
        var shown = ""
        var indent = ""
        for (index, scalar) in expression.unicodeScalars.enumerated() {
            let visible: Unicode.Scalar = scalar.value < 0x20 ? " " : scalar
            shown.unicodeScalars.append(visible)
            if index < offset {
                indent += visible.isTerminalWide ? "  " : " "
            }
        }
        return "JSONPath syntax error at column \(column): \(reason)\n  \(shown)\n  \(indent)^"
    }
}
