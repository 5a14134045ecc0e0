import GridwayCore
import GridwayJSON
import OrderedCollections

/// A compiled template: the shape of a body, query, header set or record map, whose leaves are
/// literals, `${…}` interpolations or mapping expressions. Compiled once when the manifest is read;
/// ``evaluate(in:settings:)`` runs per message.
indirect enum Template: Sendable {
    /// A fixed value.
    case literal(JSONValue)
    /// A value read from the document and transformed.
    case expression(MappingExpression)
    /// Text with `${…}` parts.
    case interpolation(Interpolation)
    /// An object; members whose value is left out (`optional`) are not written.
    case object([(key: String, value: Template)])
    /// An array of templates.
    case array([Template])
    /// `$each`: the item template applied to every item the path stands for, with the item at
    /// `$.item` and its position (from 0) at `$.index`.
    case each(DocumentPath, item: Template)

    /// Fills the template for one input document; `nil` when the whole value is left out.
    func evaluate(in document: JSONValue, settings: [String: String]) throws(MappingFailure) -> JSONValue? {
        switch self {
        case .literal(let value):
            return value
        case .expression(let expression):
            return try expression.evaluate(in: document)
        case .interpolation(let interpolation):
            return .string(try interpolation.render(in: document, settings: settings))
        case .object(let members):
            var object = OrderedDictionary<String, JSONValue>(minimumCapacity: members.count)
            for member in members {
                do {
                    if let value = try member.value.evaluate(in: document, settings: settings) {
                        object[member.key] = value
                    }
                } catch {
                    throw error.within(member.key)
                }
            }
            return .object(object)
        case .array(let elements):
            var array: [JSONValue] = []
            array.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do {
                    if let value = try element.evaluate(in: document, settings: settings) { array.append(value) }
                } catch {
                    throw error.within("[\(index)]")
                }
            }
            return .array(array)
        case .each(let path, let item):
            let items = path.items(in: document)
            guard case .object(var scope) = document else { return .array([]) }
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for (index, element) in items.enumerated() {
                scope["item"] = element
                scope["index"] = .integer(Int64(index))
                do {
                    if let value = try item.evaluate(in: .object(scope), settings: settings) { array.append(value) }
                } catch {
                    throw error.within("[\(index)]")
                }
            }
            return .array(array)
        }
    }

    /// The names of the object template's members, in order; empty for other templates.
    var memberNames: [String] {
        if case .object(let members) = self { return members.map(\.key) }
        return []
    }
}

/// Text with `${settings.name}` and `${$.path | transform…}` parts, e.g.
/// `${settings.baseURL}/visits/${$.correction.originalReceipt}`.
struct Interpolation: Sendable {
    /// One piece of the text.
    enum Part: Sendable {
        case text(String)
        case setting(String)
        case expression(MappingExpression)
    }

    let parts: [Part]

    /// The text with every part filled in. `encode` is applied to values from the document (not to
    /// literal text or settings), e.g. to percent-encode them inside a URL.
    func render(
        in document: JSONValue, settings: [String: String], encode: (String) -> String = { $0 }
    ) throws(MappingFailure) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .setting(let name): text += settings[name] ?? ""
            case .expression(let expression):
                if let value = try expression.evaluate(in: document) { text += encode(try Transform.text(of: value)) }
            }
        }
        return text
    }

    /// The settings the text uses.
    var settingNames: [String] {
        parts.compactMap { if case .setting(let name) = $0 { name } else { nil } }
    }

    /// Whether the text has no document expressions (only literal text and settings).
    var isConstant: Bool {
        parts.allSatisfy { if case .expression = $0 { false } else { true } }
    }
}
