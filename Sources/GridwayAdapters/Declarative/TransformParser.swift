import Foundation
import GridwayCore
import GridwayJSON

/// Reads one pipeline step such as `lookup(gender, unknown)` or `mask(6, 4)`.
struct TransformParser {
    /// What a step turned out to be.
    enum Result {
        case step(Transform)
        case optional
        case invalid
    }

    /// The transform names, for messages and suggestions.
    static let names = [
        "string", "integer", "number", "boolean", "lookup", "date", "trim", "pad", "substring", "concat", "join",
        "mask", "default", "optional",
    ]

    let compiler: TemplateCompiler
    let node: YAMLNode

    private var reader: ManifestReader { compiler.reader }

    func transform(_ stage: ExpressionText.Piece) -> Result {
        let scalars = Array(stage.text.unicodeScalars)
        let nameLength = scalars.prefix { $0.properties.isLowercase || $0 == "-" || ("0"..."9").contains($0) }.count
        let name = ExpressionText.string(scalars[..<nameLength])
        guard Self.names.contains(name) else {
            reader.error(
                "unknown transform \"\(name.isEmpty ? stage.text : name)\"\(Suggestion.didYouMean(name, among: Self.names)); transforms are \(Self.names.joined(separator: ", "))",
                at: node.position(atOffset: stage.offset))
            return .invalid
        }
        var arguments: [ExpressionText.Piece] = []
        let rest = ExpressionText.Piece(
            text: ExpressionText.string(scalars[nameLength...]), offset: stage.offset + nameLength
        ).trimmed
        if !rest.text.isEmpty {
            guard rest.text.hasPrefix("("), rest.text.hasSuffix(")") else {
                let message =
                    rest.text.hasPrefix("(")
                    ? "\(name)( is never closed by \")\"; inside a YAML {…} or […], put quotes around an expression that has commas"
                    : "write the arguments of \(name) in parentheses: \(name)(…)"
                reader.error(message, at: node.position(atOffset: rest.offset))
                return .invalid
            }
            let inner = ExpressionText.Piece(text: String(rest.text.dropFirst().dropLast()), offset: rest.offset + 1)
            arguments =
                inner.text.trimmingCharacters(in: .whitespaces).isEmpty
                ? [] : ExpressionText.split(inner, on: ",").map(\.trimmed)
        }
        return build(name, arguments, at: stage).map(Result.step)
            ?? (name == "optional" && arguments.isEmpty ? .optional : .invalid)
    }

    /// The transform for a name and its arguments; `nil` after reporting a mistake (or for `optional`).
    private func build(_ name: String, _ arguments: [ExpressionText.Piece], at stage: ExpressionText.Piece)
        -> Transform?
    {
        let counts: [String: ClosedRange<Int>] = [
            "lookup": 1...2, "date": 2...3, "pad": 2...3, "substring": 1...2, "concat": 1...64, "join": 0...1,
            "mask": 2...3, "default": 1...1,
        ]
        let allowed = counts[name] ?? 0...0
        guard allowed.contains(arguments.count) else {
            let expected =
                allowed.lowerBound == allowed.upperBound
                ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)"
            reader.error(
                "\(name) takes \(expected) argument\(allowed.upperBound == 1 ? "" : "s"), not \(arguments.count)",
                at: node.position(atOffset: stage.offset))
            return nil
        }
        switch name {
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case "trim": return .trim
        case "optional": return nil
        case "lookup": return lookup(arguments)
        case "date": return date(arguments)
        case "pad":
            guard let side = text(arguments[0]), side == "left" || side == "right" else {
                reader.error(
                    "pad pads on the left or the right: pad(left, 6, 0)",
                    at: node.position(atOffset: arguments[0].offset))
                return nil
            }
            guard let width = integer(arguments[1], "the width", in: 1...1000),
                let fill = character(arguments.count > 2 ? arguments[2] : nil, default: " ")
            else { return nil }
            return .pad(left: side == "left", width: width, fill: fill)
        case "substring":
            guard let start = integer(arguments[0], "the start", in: 0...100_000) else { return nil }
            if arguments.count == 1 { return .substring(start: start, length: nil) }
            return integer(arguments[1], "the length", in: 0...100_000).map { .substring(start: start, length: $0) }
        case "concat":
            var parts: [Transform.Argument] = []
            for argument in arguments {
                if TemplateCompiler.isExpression(argument.text) {
                    guard let path = compiler.path(argument, in: node) else { return nil }
                    parts.append(.path(path))
                } else {
                    parts.append(.text(text(argument) ?? ""))
                }
            }
            return .concat(parts)
        case "join": return .join(arguments.first.flatMap(text) ?? ",")
        case "mask":
            guard let first = integer(arguments[0], "the number of leading characters kept", in: 0...100),
                let last = integer(arguments[1], "the number of trailing characters kept", in: 0...100),
                let fill = character(arguments.count > 2 ? arguments[2] : nil, default: "*")
            else { return nil }
            return .mask(first: first, last: last, fill: fill)
        default: return .defaultValue(literal(arguments[0]))
        }
    }

    private func lookup(_ arguments: [ExpressionText.Piece]) -> Transform? {
        guard let table = text(arguments[0]) else { return nil }
        guard let entries = compiler.scope.tables[table] else {
            reader.error(
                "unknown code table \"\(table)\"\(Suggestion.didYouMean(table, among: compiler.scope.tables.keys)); declare it under tables:",
                at: node.position(atOffset: arguments[0].offset))
            return nil
        }
        return .lookup(
            table: table, entries: entries, fallback: arguments.count > 1 ? Optional(literal(arguments[1])) : nil)
    }

    private func date(_ arguments: [ExpressionText.Piece]) -> Transform? {
        var formats: [DateFormat] = []
        for argument in arguments.prefix(2) {
            guard let text = text(argument) else { return nil }
            do {
                formats.append(try DateFormat(text))
            } catch {
                reader.error(
                    "bad date format \"\(text)\": \(error.reason)",
                    at: node.position(atOffset: argument.offset + error.offset))
                return nil
            }
        }
        var zone = DeclarativeDefaults.timeZone
        if arguments.count > 2 {
            guard let name = text(arguments[2]), let named = Self.timeZone(name) else {
                reader.error(
                    "unknown time zone \"\(arguments[2].text)\"; use a name such as Asia/Shanghai or UTC, or an offset such as +08:00",
                    at: node.position(atOffset: arguments[2].offset))
                return nil
            }
            zone = named
        }
        return .date(DateConversion(from: formats[0], to: formats[1], zone: zone, fromText: text(arguments[0]) ?? ""))
    }

    /// A zone by IANA name, or a fixed offset `+08:00`.
    static func timeZone(_ name: String) -> TimeZone? {
        if let first = name.first, first == "+" || first == "-" {
            let digits = name.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, let value = Int(digits), value % 100 < 60, value / 100 < 24 else { return nil }
            let seconds = (value / 100 * 60 + value % 100) * 60
            return TimeZone(secondsFromGMT: first == "-" ? -seconds : seconds)
        }
        return TimeZone(identifier: name)
    }

    /// An argument as text: quoted text unquoted, bare text as it is.
    private func text(_ argument: ExpressionText.Piece) -> String? {
        if argument.text.hasPrefix("'") || argument.text.hasPrefix("\"") {
            guard let text = ExpressionText.unquoted(argument.text) else {
                reader.error("unterminated quoted text", at: node.position(atOffset: argument.offset))
                return nil
            }
            return text
        }
        return argument.text
    }

    /// An argument as a JSON value: quoted text is a string, bare text resolves like a plain YAML scalar.
    private func literal(_ argument: ExpressionText.Piece) -> JSONValue {
        ExpressionText.unquoted(argument.text).map(JSONValue.string) ?? YAMLNode.resolvePlain(argument.text)
    }

    private func integer(_ argument: ExpressionText.Piece, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int(argument.text), range.contains(value) else {
            reader.error(
                "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(argument.text)\"",
                at: node.position(atOffset: argument.offset))
            return nil
        }
        return value
    }

    private func character(_ argument: ExpressionText.Piece?, default fallback: Character) -> Character? {
        guard let argument else { return fallback }
        guard let text = text(argument), text.count == 1, let character = text.first else {
            reader.error(
                "expected one character, not \"\(argument.text)\"", at: node.position(atOffset: argument.offset))
            return nil
        }
        return character
    }
}
