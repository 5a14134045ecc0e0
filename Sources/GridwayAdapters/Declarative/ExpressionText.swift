/// Splits the text of expressions and interpolations into pieces, ignoring separators inside
/// quotes, brackets and parentheses, and keeping each piece's offset for messages.
struct ExpressionText {
    /// A piece of the text and the offset (in Unicode scalars) where it starts.
    struct Piece {
        var text: String
        var offset: Int

        /// The piece without surrounding spaces, its offset moved past the leading ones.
        var trimmed: Piece {
            let scalars = Array(text.unicodeScalars)
            let leading = scalars.prefix { $0 == " " || $0 == "\t" }.count
            let trailing = scalars.reversed().prefix { $0 == " " || $0 == "\t" }.count
            guard leading < scalars.count else { return Piece(text: "", offset: offset + scalars.count) }
            var kept = String.UnicodeScalarView()
            kept.append(contentsOf: scalars[leading..<(scalars.count - trailing)])
            return Piece(text: String(kept), offset: offset + leading)
        }
    }

    /// The pieces of `piece` between top-level occurrences of `separator`.
    static func split(_ piece: Piece, on separator: Unicode.Scalar) -> [Piece] {
        let scalars = Array(piece.text.unicodeScalars)
        var pieces: [Piece] = []
        var start = 0
        forEachTopLevel(scalars, from: 0) { index in
            if scalars[index] == separator {
                pieces.append(Piece(text: string(scalars[start..<index]), offset: piece.offset + start))
                start = index + 1
            }
            return false
        }
        pieces.append(Piece(text: string(scalars[start...]), offset: piece.offset + start))
        return pieces
    }

    /// The offset of the `}` that closes an interpolation opened before `start`; `nil` if it is never closed.
    static func closingBrace(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var found: Int?
        forEachTopLevel(scalars, from: start) { index in
            if scalars[index] == "}" { found = index }
            return found != nil
        }
        return found
    }

    /// Calls `body` with the offset of every scalar outside quotes, brackets and parentheses (the
    /// brackets themselves excluded), until it returns `true`.
    static func forEachTopLevel(_ scalars: [Unicode.Scalar], from start: Int, _ body: (Int) -> Bool) {
        var depth = 0
        var quote: Unicode.Scalar?
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" { index += 1 } else if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "[" || scalar == "(" {
                depth += 1
            } else if scalar == "]" || scalar == ")" {
                depth -= 1
            } else if depth <= 0, body(index) {
                return
            }
            index += 1
        }
    }

    /// The text of a quoted argument without its quotes and with `\"`, `\'` and `\\` unescaped.
    static func unquoted(_ text: String) -> String? {
        guard let first = text.unicodeScalars.first, first == "'" || first == "\"", text.unicodeScalars.count >= 2,
            text.unicodeScalars.last == first
        else { return nil }
        var result = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars.dropFirst().dropLast() {
            if escaped || scalar != "\\" {
                result.append(scalar)
                escaped = false
            } else {
                escaped = true
            }
        }
        return String(result)
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
