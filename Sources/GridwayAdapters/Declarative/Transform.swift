import Foundation
import GridwayCore
import GridwayJSON

/// One step of a mapping expression's pipeline, such as `date(yyyy-MM-dd, yyyyMMddHHmmss)` or
/// `lookup(gender)`.
///
/// Every step but ``defaultValue(_:)`` passes a missing or `null` value through untouched, so a
/// pipeline can end with `default(…)` or `optional` and still transform the values that are there.
enum Transform: Sendable {
    /// `string`: a scalar as text; numbers in their shortest JSON form.
    case string
    /// `integer`: a whole number from a number, numeric text or a boolean (1/0).
    case integer
    /// `number`: a number from a number or numeric text.
    case number
    /// `boolean`: from a boolean, 1/0, or text such as `true`, `0`, `yes`, `是`.
    case boolean
    /// `lookup(table[, default])`: the code table's entry for the value (each element of an array).
    case lookup(table: String, entries: [String: JSONValue], fallback: JSONValue?)
    /// `date(from, to[, zone])`: a date or time converted between formats.
    case date(DateConversion)
    /// `trim`: leading and trailing white space removed, full-width space included.
    case trim
    /// `pad(left|right, width[, char])`: padded to `width` characters.
    case pad(left: Bool, width: Int, fill: Character)
    /// `substring(start[, length])`: characters from `start` (from 0).
    case substring(start: Int, length: Int?)
    /// `concat(a, b, …)`: the value's text followed by each argument's.
    case concat([Argument])
    /// `join([separator])`: an array's elements as text joined by `separator` (`,` by default).
    case join(String)
    /// `mask(first, last[, char])`: every character but the first and last few replaced.
    case mask(first: Int, last: Int, fill: Character)
    /// `default(value)`: `value` when the value is missing or `null`.
    case defaultValue(JSONValue)

    /// A `concat` argument: literal text or a path whose value's text is appended.
    enum Argument: Sendable {
        case text(String)
        case path(DocumentPath)
    }

    /// Applies the step; `value` is `nil` when the path selected nothing.
    func apply(_ value: JSONValue?, in document: JSONValue) throws(MappingFailure) -> JSONValue? {
        if case .defaultValue(let fallback) = self {
            guard let value, !value.isNull else { return fallback }
            return value
        }
        guard let value, !value.isNull else { return value }
        return try transform(value, in: document)
    }

    private func transform(_ value: JSONValue, in document: JSONValue) throws(MappingFailure) -> JSONValue {
        switch self {
        case .string: return .string(try Self.text(of: value))
        case .integer: return try Self.integer(value)
        case .number: return try Self.number(value)
        case .boolean: return try Self.boolean(value)
        case .lookup(let table, let entries, let fallback):
            if case .array(let elements) = value {
                var looked: [JSONValue] = []
                looked.reserveCapacity(elements.count)
                for element in elements { looked.append(try Self.lookup(element, table, entries, fallback)) }
                return .array(looked)
            }
            return try Self.lookup(value, table, entries, fallback)
        case .date(let conversion): return try conversion.convert(value)
        case .trim: return .string(try Self.text(of: value).trimmingCharacters(in: .whitespacesAndNewlines))
        case .pad(let left, let width, let fill):
            let text = try Self.text(of: value)
            let padding = String(repeating: fill, count: max(0, width - text.count))
            return .string(left ? padding + text : text + padding)
        case .substring(let start, let length):
            let text = try Self.text(of: value)
            let from = text.index(text.startIndex, offsetBy: start, limitedBy: text.endIndex) ?? text.endIndex
            let to = length.flatMap { text.index(from, offsetBy: $0, limitedBy: text.endIndex) } ?? text.endIndex
            return .string(String(text[from..<to]))
        case .concat(let arguments):
            var text = try Self.text(of: value)
            for argument in arguments {
                switch argument {
                case .text(let literal): text += literal
                case .path(let path):
                    if let part = path.value(in: document), !part.isNull { text += try Self.text(of: part) }
                }
            }
            return .string(text)
        case .join(let separator):
            guard case .array(let elements) = value else { return .string(try Self.text(of: value)) }
            var parts: [String] = []
            for element in elements where !element.isNull { parts.append(try Self.text(of: element)) }
            return .string(parts.joined(separator: separator))
        case .mask(let first, let last, let fill):
            let characters = Array(try Self.text(of: value))
            guard characters.count > first + last else {
                return .string(String(repeating: fill, count: characters.count))
            }
            let hidden = String(repeating: fill, count: characters.count - first - last)
            return .string(String(characters.prefix(first)) + hidden + String(characters.suffix(last)))
        case .defaultValue: return value
        }
    }

    /// The text of a scalar: strings as they are, numbers and booleans as JSON writes them.
    static func text(of value: JSONValue) throws(MappingFailure) -> String {
        switch value {
        case .string(let text): return text
        case .integer, .number, .bool: return value.description
        case .null: return ""
        case .array, .object:
            throw MappingFailure("expected a single value, got \(value.typeName) \(Self.shown(value))")
        }
    }

    /// A short rendering of a value for messages.
    static func shown(_ value: JSONValue) -> String {
        let text = value.description
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    private static func integer(_ value: JSONValue) throws(MappingFailure) -> JSONValue {
        switch value {
        case .integer: return value
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .number(let double):
            if let exact = Int64(exactly: double) { return .integer(exact) }
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let integer = Int64(trimmed) { return .integer(integer) }
            if let double = Double(trimmed), let exact = Int64(exactly: double) { return .integer(exact) }
        default: break
        }
        throw MappingFailure("cannot make a whole number of \(shown(value))")
    }

    private static func number(_ value: JSONValue) throws(MappingFailure) -> JSONValue {
        switch value {
        case .integer, .number: return value
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let integer = Int64(trimmed) { return .integer(integer) }
            if let double = Double(trimmed), double.isFinite { return .number(double) }
        default: break
        }
        throw MappingFailure("cannot make a number of \(shown(value))")
    }

    private static func boolean(_ value: JSONValue) throws(MappingFailure) -> JSONValue {
        switch value {
        case .bool: return value
        case .integer(let integer) where integer == 0 || integer == 1: return .bool(integer == 1)
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1", "yes", "y", "是": return .bool(true)
            case "false", "0", "no", "n", "否": return .bool(false)
            default: break
            }
        default: break
        }
        throw MappingFailure("cannot make true or false of \(shown(value))")
    }

    private static func lookup(
        _ value: JSONValue, _ table: String, _ entries: [String: JSONValue], _ fallback: JSONValue?
    ) throws(MappingFailure) -> JSONValue {
        let key = try text(of: value)
        if let found = entries[key] { return found }
        if let fallback { return fallback }
        throw MappingFailure("code \(shown(value)) is not in the table \"\(table)\"; add it, or give lookup a default")
    }
}
