/// Checks an RFC 9485 I-Regexp against its grammar and rewrites it into an equivalent ICU
/// pattern.
///
/// Every literal ASCII punctuation character is written as `\x{..}` so ICU never reads it as
/// syntax; `.` becomes `[^\n\r]`; groups become non-capturing. An unescaped `^` or `$` outside
/// a class is an assertion (start or end of input), as in the RFC's mappings to ECMAScript,
/// PCRE and the other dialects and as the RFC 9535 compliance suite expects, not the literal
/// its grammar would make it; like an ECMAScript assertion it takes no quantifier.
struct IRegexpTranslator {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var output = ""
    private var depth = 0

    /// The deepest group nesting accepted, so a hostile pattern cannot exhaust the stack.
    private static let maxDepth = 64

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// The ICU pattern, or `nil` if the source is not a valid I-Regexp.
    mutating func translate() -> String? {
        guard alternation(), position == scalars.count else { return nil }
        return output
    }

    private var current: Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    /// `i-regexp = branch *( "|" branch )`
    private mutating func alternation() -> Bool {
        guard branch() else { return false }
        while current == "|" {
            position += 1
            output += "|"
            guard branch() else { return false }
        }
        return true
    }

    /// `branch = *piece`, `piece = atom [ quantifier ]`
    private mutating func branch() -> Bool {
        while let scalar = current, scalar != "|", scalar != ")" {
            guard atom() else { return false }
            if scalar != "^" && scalar != "$" {
                guard quantifier() else { return false }
            }
        }
        return true
    }

    private mutating func atom() -> Bool {
        guard let scalar = current else { return false }
        position += 1
        switch scalar {
        case "(":
            depth += 1
            guard depth <= Self.maxDepth else { return false }
            output += "(?:"
            guard alternation(), current == ")" else { return false }
            position += 1
            depth -= 1
            output += ")"
            return true
        case ".":
            output += "[^\\n\\r]"
            return true
        case "[":
            return characterClass()
        case "\\":
            return escape()
        case "^":
            output += "\\A"
            return true
        case "$":
            output += "\\z"
            return true
        case ")", "*", "+", "?", "]", "{", "|", "}":
            return false
        default:
            appendLiteral(scalar)
            return true
        }
    }

    /// `quantifier = ( "*" / "+" / "?" ) / "{" QuantExact [ "," [ QuantExact ] ] "}"`
    private mutating func quantifier() -> Bool {
        switch current {
        case "*", "+", "?":
            output.unicodeScalars.append(scalars[position])
            position += 1
            return true
        case "{":
            position += 1
            guard let minimum = digits() else { return false }
            var text = "{" + minimum
            if current == "," {
                position += 1
                text += "," + (digits() ?? "")
            }
            guard current == "}" else { return false }
            position += 1
            output += text + "}"
            return true
        default:
            return true
        }
    }

    private mutating func digits() -> String? {
        var text = ""
        while let scalar = current, ("0"..."9").contains(scalar) {
            text.unicodeScalars.append(scalar)
            position += 1
        }
        return text.isEmpty ? nil : text
    }

    /// `charClassExpr = "[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]"`, after the `[`.
    private mutating func characterClass() -> Bool {
        output += "["
        if current == "^" {
            position += 1
            output += "^"
        }
        var isFirst = true
        while let scalar = current {
            if scalar == "]" && !isFirst {
                position += 1
                output += "]"
                return true
            }
            if scalar == "-" {
                // A '-' stands alone only first or last.
                guard isFirst || (position + 1 < scalars.count && scalars[position + 1] == "]") else { return false }
                position += 1
                output += "\\x{2D}"
            } else if scalar == "\\", position + 1 < scalars.count,
                scalars[position + 1] == "p" || scalars[position + 1] == "P"
            {
                position += 1
                guard escape() else { return false }
            } else {
                guard classCharacter() else { return false }
                if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    output += "-"
                    guard classCharacter() else { return false }
                }
            }
            isFirst = false
        }
        return false
    }

    /// `CCchar`: a character other than `-`, `[`, `\` and `]`, or a single-character escape.
    private mutating func classCharacter() -> Bool {
        guard let scalar = current else { return false }
        position += 1
        switch scalar {
        case "\\":
            return escape()
        case "-", "[", "]":
            return false
        default:
            appendLiteral(scalar)
            return true
        }
    }

    /// An escape after its `\`: a single-character escape, or `\p{..}` / `\P{..}`.
    private mutating func escape() -> Bool {
        guard let scalar = current else { return false }
        position += 1
        switch scalar {
        case "n": output += "\\x{A}"
        case "r": output += "\\x{D}"
        case "t": output += "\\x{9}"
        case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}":
            appendLiteral(scalar)
        case "p", "P":
            guard current == "{", let property = categoryName(), current == "}" else { return false }
            position += 1
            output += "\\\(scalar){\(property)}"
        default:
            return false
        }
        return true
    }

    /// A general category name after `\p{`: `L`, `Lu`, `Nd`… as RFC 9485 allows them.
    private mutating func categoryName() -> String? {
        position += 1
        guard let major = current else { return nil }
        let minors: String
        switch major {
        case "L": minors = "lmotu"
        case "M": minors = "cen"
        case "N": minors = "dlo"
        case "P": minors = "cdefios"
        case "Z": minors = "lps"
        case "S": minors = "ckmo"
        case "C": minors = "cfno"
        default: return nil
        }
        position += 1
        var name = String(major)
        if let minor = current, minors.unicodeScalars.contains(minor) {
            name.unicodeScalars.append(minor)
            position += 1
        }
        return name
    }

    /// Appends a literal character so ICU cannot read it as syntax.
    private mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        let isPlain =
            scalar.value > 0x7F || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar)
        if isPlain {
            output.unicodeScalars.append(scalar)
        } else {
            output += "\\x{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
