import GridwayCore
import GridwayJSON

/// A submitted value as a page shows it: enumerations by their titles, objects and rows as nested lists.
enum PortalValues {
    static func render(_ value: JSONValue, field: ContractField) -> HTML {
        switch value {
        case .string(let text):
            return "\(field.enumTitles[text] ?? text)"
        case .bool(let flag):
            return flag ? "✓" : "✗"
        case .array(let items):
            if items.isEmpty { return "—" }
            if field.fields.isEmpty {
                let titles = items.map { item in
                    item.stringValue.map { field.enumTitles[$0] ?? $0 } ?? ContractForm.display(item)
                }
                return "\(titles.joined(separator: "、"))"
            }
            return "<ol class=\"rows\">" + items.html { "<li>\(members($0, of: field))</li>" } + "</ol>"
        case .object:
            return members(value, of: field)
        default:
            return "\(ContractForm.display(value))"
        }
    }

    /// An object's members as title–value pairs.
    private static func members(_ value: JSONValue, of field: ContractField) -> HTML {
        field.fields.html { child -> HTML in
            guard let member = value[child.name] else { return .empty }
            return
                "<span class=\"pair\"><span class=\"key\">\(child.title)</span> \(render(member, field: child))</span> "
        }
    }
}
