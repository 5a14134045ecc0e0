/// A recursive-descent parser for the RFC 9535 grammar, over the expression's Unicode scalars.
///
/// This file holds queries, segments, selectors and literals; `JSONPathParser+Filter.swift`
/// holds filter expressions and function calls with their type rules.
struct JSONPathParser {
    let expression: String
    let scalars: [Unicode.Scalar]
    var position = 0
    /// How many filters, parentheses and function calls enclose the position.
    var depth = 0

    /// The deepest nesting accepted, so a hostile expression cannot exhaust the stack.
    static let maxDepth = 64
    /// The largest magnitude of an integer in an index or slice: I-JSON's 2^53 − 1.
    static let maxInteger = (1 << 53) - 1

    init(_ expression: String) {
        self.expression = expression
        scalars = Array(expression.unicodeScalars)
    }

    // MARK: Cursor

    var current: Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    func peek(_ distance: Int) -> Unicode.Scalar? {
        position + distance < scalars.count ? scalars[position + distance] : nil
    }

    /// Whether the input continues with `text` at the position.
    func lookingAt(_ text: String) -> Bool {
        var index = position
        for scalar in text.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    /// Skips blank space: space, tab, line feed and carriage return.
    mutating func skipBlank() {
        while let scalar = current, Self.isBlank(scalar) {
            position += 1
        }
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONPathSyntaxError {
        JSONPathSyntaxError(expression: expression, offset: offset ?? position, reason: reason)
    }

    /// The character at the position, quoted for a message, or "the end of the expression".
    var found: String {
        guard let scalar = current else { return "the end of the expression" }
        if Self.isBlank(scalar) { return "whitespace" }
        if scalar.value < 0x20 { return "control character U+\(String(scalar.value, radix: 16, uppercase: true))" }
        return "'\(scalar)'"
    }

    /// Enters one level of nesting, refusing to go deeper than ``maxDepth``.
    mutating func nest() throws(JSONPathSyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("the expression nests filters, parentheses and functions more than \(Self.maxDepth) deep")
        }
    }

    // MARK: Queries

    /// `jsonpath-query = root-identifier segments`, the whole expression.
    mutating func parseQuery() throws(JSONPathSyntaxError) -> JSONPathQuery {
        guard current == "$" else {
            throw error(
                current.map { Self.isBlank($0) } == true
                    ? "a JSONPath query must not start with whitespace"
                    : "a JSONPath query must start with '$', found \(found)")
        }
        position += 1
        let query = try parseSegments(from: .root)
        if current != nil {
            let blankStart = position
            skipBlank()
            if current == nil {
                throw error("a JSONPath query must not end with whitespace", at: blankStart)
            }
            throw error("unexpected \(found): a segment starts with '.', '..' or '['")
        }
        return query
    }

    /// `segments = *(S segment)` after a `$` or `@`.
    mutating func parseSegments(from start: JSONPathQuery.Start) throws(JSONPathSyntaxError) -> JSONPathQuery {
        var segments: [JSONPathSegment] = []
        while true {
            let beforeBlank = position
            skipBlank()
            if lookingAt("..") {
                position += 2
                segments.append(JSONPathSegment(isDescendant: true, selectors: try parseDescendantSelectors()))
            } else if current == "." {
                position += 1
                segments.append(JSONPathSegment(isDescendant: false, selectors: [try parseShorthand(after: "'.'")]))
            } else if current == "[" {
                segments.append(JSONPathSegment(isDescendant: false, selectors: try parseBracketedSelection()))
            } else {
                position = beforeBlank
                return JSONPathQuery(start: start, segments: segments)
            }
        }
    }

    /// What follows `..`: a bracketed selection, `*` or a member name.
    private mutating func parseDescendantSelectors() throws(JSONPathSyntaxError) -> [JSONPathSelector] {
        if current == "[" {
            return try parseBracketedSelection()
        }
        return [try parseShorthand(after: "'..'")]
    }

    /// `*` or a member-name-shorthand, right after `.` or `..`.
    private mutating func parseShorthand(after prefix: String) throws(JSONPathSyntaxError) -> JSONPathSelector {
        if current == "*" {
            position += 1
            return .wildcard
        }
        guard let first = current, Self.isNameFirst(first) else {
            if let scalar = current, Self.isBlank(scalar) {
                throw error("whitespace is not allowed after \(prefix)")
            }
            if let scalar = current, ("0"..."9").contains(scalar) {
                throw error(
                    "a member name after \(prefix) cannot start with a digit; write an index as [\(scalar)] or a name as ['\(scalar)…']"
                )
            }
            throw error("expected a member name or '*' after \(prefix), found \(found)")
        }
        var name = String.UnicodeScalarView()
        while let scalar = current, Self.isNameFirst(scalar) || ("0"..."9").contains(scalar) {
            name.append(scalar)
            position += 1
        }
        return .name(String(name))
    }

    /// `bracketed-selection = "[" S selector *(S "," S selector) S "]"`
    private mutating func parseBracketedSelection() throws(JSONPathSyntaxError) -> [JSONPathSelector] {
        let open = position
        position += 1
        skipBlank()
        var selectors = [try parseSelector()]
        while true {
            skipBlank()
            switch current {
            case ",":
                position += 1
                skipBlank()
                selectors.append(try parseSelector())
            case "]":
                position += 1
                return selectors
            case nil:
                throw error("expected ']' to close the bracketed selection opened at column \(open + 1)")
            default:
                throw error("expected ',' or ']' after a selector, found \(found)")
            }
        }
    }

    /// One selector inside brackets.
    private mutating func parseSelector() throws(JSONPathSyntaxError) -> JSONPathSelector {
        guard let scalar = current else {
            throw error(
                "expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found the end of the expression"
            )
        }
        switch scalar {
        case "'", "\"":
            return .name(try parseStringLiteral())
        case "*":
            position += 1
            return .wildcard
        case "?":
            position += 1
            try nest()
            skipBlank()
            let filter = try parseFilterExpression()
            depth -= 1
            return .filter(filter)
        case ":", "-", "0"..."9":
            return try parseIndexOrSlice()
        case "]":
            throw error("empty brackets: expected a selector (a quoted name, '*', an index, a slice or a '?' filter)")
        default:
            throw error("expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found \(found)")
        }
    }

    /// `index-selector = int` or `slice-selector = [start S] ":" S [end S] [":" [S step]]`
    private mutating func parseIndexOrSlice() throws(JSONPathSyntaxError) -> JSONPathSelector {
        var start: Int?
        if current != ":" {
            let index = try parseInteger()
            let afterIndex = position
            skipBlank()
            guard current == ":" else {
                position = afterIndex
                return .index(index)
            }
            start = index
        }
        position += 1
        skipBlank()
        var end: Int?
        if isIntegerStart {
            end = try parseInteger()
            skipBlank()
        }
        var step: Int?
        if current == ":" {
            position += 1
            skipBlank()
            if isIntegerStart {
                step = try parseInteger()
            }
        }
        return .slice(start: start, end: end, step: step)
    }

    private var isIntegerStart: Bool {
        guard let scalar = current else { return false }
        return scalar == "-" || ("0"..."9").contains(scalar)
    }

    /// `int = "0" / (["-"] DIGIT1 *DIGIT)`, within I-JSON's ±(2^53 − 1).
    private mutating func parseInteger() throws(JSONPathSyntaxError) -> Int {
        let start = position
        let negative = current == "-"
        if negative { position += 1 }
        guard let first = current, ("0"..."9").contains(first) else {
            throw error(negative ? "expected a digit after '-'" : "expected an integer, found \(found)")
        }
        if first == "0" {
            if negative { throw error("'-0' is not a valid index; write 0", at: start) }
            if let next = peek(1), ("0"..."9").contains(next) {
                throw error("an integer must not have leading zeros", at: start)
            }
            position += 1
            return 0
        }
        var magnitude = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            magnitude = magnitude * 10 + Int(scalar.value - 0x30)
            guard magnitude <= Self.maxInteger else {
                throw error("integer out of the I-JSON range ±(2^53−1)", at: start)
            }
            position += 1
        }
        return negative ? -magnitude : magnitude
    }

    // MARK: Literals

    /// `string-literal`, in single or double quotes, with JSON-style escapes.
    mutating func parseStringLiteral() throws(JSONPathSyntaxError) -> String {
        let start = position
        guard let quote = current else { throw error("expected a string literal") }
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = current else {
                throw error(
                    "unterminated string literal: expected a closing \(quote == "'" ? "\"'\"" : "'\"'")", at: start)
            }
            if scalar == quote {
                position += 1
                return String(result)
            }
            if scalar == "\\" {
                result.append(try parseEscape(quote: quote))
            } else if scalar.value < 0x20 {
                throw error("control character U+\(Self.hex4(scalar.value)) must be escaped in a string literal")
            } else {
                result.append(scalar)
                position += 1
            }
        }
    }

    /// One escape sequence at the position (the `\`), inside a string quoted with `quote`.
    private mutating func parseEscape(quote: Unicode.Scalar) throws(JSONPathSyntaxError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let escaped = current else {
            throw error("unterminated escape sequence", at: start)
        }
        position += 1
        switch escaped {
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "/": return "/"
        case "\\": return "\\"
        case quote: return quote
        case "u":
            let unit = try parseHex4(escapeStart: start)
            switch unit {
            case 0xD800...0xDBFF:
                guard lookingAt("\\u") else {
                    throw error(
                        "high surrogate \\u\(Self.hex4(unit)) must be followed by a \\u low surrogate escape", at: start
                    )
                }
                let lowStart = position
                position += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(
                        "high surrogate \\u\(Self.hex4(unit)) must be followed by a low surrogate, not \\u\(Self.hex4(low))",
                        at: lowStart)
                }
                return Self.scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                throw error("lone low surrogate \\u\(Self.hex4(unit)) in a string literal", at: start)
            default:
                return Self.scalar(unit)
            }
        default:
            let other: Unicode.Scalar = quote == "'" ? "\"" : "'"
            if escaped == other {
                throw error(
                    "\\\(other) is not an escape inside \(quote)-quoted strings; write \(other) alone", at: start)
            }
            throw error("invalid escape sequence '\\\(escaped)' in a string literal", at: start)
        }
    }

    /// Four hex digits after `\u`.
    private mutating func parseHex4(escapeStart: Int) throws(JSONPathSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = current, let digit = Self.hexDigit(scalar) else {
                throw error("'\\u' must be followed by four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    // MARK: Character classes

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// `name-first = ALPHA / "_" / %x80-D7FF / %xE000-10FFFF`
    static func isNameFirst(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar.value >= 0x80
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The scalar for a code point already known not to be a surrogate.
    private static func scalar(_ value: UInt32) -> Unicode.Scalar {
        Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
