import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// Reads a submitted ``ContractForm`` back into a contract's `data` object.
///
/// Empty inputs are left out (so a missing required field is reported by the schema), numbers and
/// booleans are converted by the schema's type, dates typed as people write them (`2026/12/6`,
/// `2026年12月6日`) become `YYYY-MM-DD` by ``PeriodInput``, dates with a time (`2026/12/6 14:30`) RFC 3339
/// date-times in China Standard Time by ``DateTimeInput``, and a value that does not convert is kept as the
/// text typed, for the schema to report at its field. Rows whose inputs are all empty are dropped.
struct ContractFormReader {
    let contract: Contract

    func data(from form: PortalForm) -> JSONValue {
        .object(object(contract.fields, properties: contract.schema["properties"], prefix: "", form: form))
    }

    private func object(_ fields: [ContractField], properties: JSONValue?, prefix: String, form: PortalForm)
        -> OrderedDictionary<String, JSONValue>
    {
        var members: OrderedDictionary<String, JSONValue> = [:]
        for field in fields {
            let node = properties?[field.name] ?? .null
            if let value = self.value(field, node: node, path: prefix + field.name, form: form) {
                members[field.name] = value
            }
        }
        return members
    }

    private func value(_ field: ContractField, node: JSONValue, path: String, form: PortalForm) -> JSONValue? {
        switch field.type {
        case .object?:
            let members = object(field.fields, properties: node["properties"], prefix: path + ".", form: form)
            return members.isEmpty ? nil : .object(members)
        case .array?:
            return array(field, node: node, path: path, form: form)
        default:
            guard let text = form[path]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                return nil
            }
            switch node["format"]?.stringValue {
            case "date": if let day = PeriodInput.day(text) { return .string(day.description) }
            case "date-time":
                if let moment = DateTimeInput.dateTime(text, utcOffsetMinutes: Self.chinaStandardTime) {
                    return .string(moment)
                }
            default: break
            }
            return Self.scalar(text, type: field.type)
        }
    }

    private func array(_ field: ContractField, node: JSONValue, path: String, form: PortalForm) -> JSONValue? {
        let items = node["items"] ?? .null
        if items["enum"] != nil {
            // A checkbox group: present (possibly empty) once the form was shown.
            return .array(form.values(path).map(JSONValue.string))
        }
        if !field.fields.isEmpty {
            let prefix = path + "."
            var indices: Set<Int> = []
            for (name, _) in form.fields where name.hasPrefix(prefix) {
                if let index = Int(name.dropFirst(prefix.count).prefix { $0 != "." }) { indices.insert(index) }
            }
            let rows = indices.sorted().compactMap { index -> JSONValue? in
                let members = object(
                    field.fields, properties: items["properties"], prefix: "\(prefix)\(index).", form: form)
                return members.isEmpty ? nil : .object(members)
            }
            return .array(rows)
        }
        guard let text = form[path] else { return nil }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let type = items["type"]?.stringValue.flatMap(ContractFieldType.init(rawValue:))
        return .array(lines.map { Self.scalar($0, type: type) })
    }

    /// The zone of a date-time typed without one: China Standard Time, the interface's, in minutes east of UTC.
    static let chinaStandardTime = 8 * 60

    /// `text` as the JSON type a field declares, or as the text itself when it does not convert.
    static func scalar(_ text: String, type: ContractFieldType?) -> JSONValue {
        switch type {
        case .integer?: Int64(text).map(JSONValue.integer) ?? .string(text)
        case .number?: Int64(text).map(JSONValue.integer) ?? Double(text).map(JSONValue.number) ?? .string(text)
        case .boolean?: text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        default: .string(text)
        }
    }
}
