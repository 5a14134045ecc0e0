import Foundation
import GridwayCore
import GridwayJSON
import OrderedCollections

/// The columns of an import file for one contract, in contract order: the period (when the contract
/// has one), then one per form input (each field of an object gets its own), titled as the form labels
/// them (a field of an object by its own title, or `走访人 › 姓名` when that alone would be ambiguous). A header cell may name a column by its title or by its form path (`visitor.role`); a `unit`
/// (填报单位) column is read when present.
struct ImportColumns {
    let contract: Contract
    /// The columns a template has.
    let columns: [ImportColumn]
    /// The optional unit column, read when a file has it.
    let unit: ImportColumn

    init(contract: Contract, text: PortalText) {
        self.contract = contract
        unit = ImportColumn(
            name: "unit", title: text["import.unitColumn"], kind: .unit, isRequired: false,
            hint: text["import.unitHint"])
        var columns: [ImportColumn] = []
        if contract.periodType != .none {
            columns.append(
                ImportColumn(
                    name: "period", title: text["form.period"], kind: .period, isRequired: true,
                    hint: text("import.periodHint", text["import.periodExample." + contract.periodType.rawValue])))
        }
        let properties = contract.schema["properties"]
        let topTitles = Set(contract.fields.map(\.title))
        for field in contract.fields {
            let node = properties?[field.name] ?? .null
            if field.type == .object {
                for child in field.fields {
                    // A field's own title when it says enough and names no other column, else the path of titles.
                    let own =
                        child.title != child.name && !topTitles.contains(child.title)
                        && !columns.contains { $0.title == child.title }
                    let title = own ? child.title : "\(field.title) › \(child.title)"
                    columns.append(
                        Self.column(
                            child, node: node["properties"]?[child.name] ?? .null, name: "\(field.name).\(child.name)",
                            title: title, text: text))
                }
            } else {
                columns.append(Self.column(field, node: node, name: field.name, title: field.title, text: text))
            }
        }
        self.columns = columns
    }

    /// The column a header cell names, by title or form path, ignoring spaces and a trailing `*`.
    func column(named header: String) -> ImportColumn? {
        let key = Self.key(header)
        return (columns + [unit]).first { Self.key($0.title) == key || $0.name == key }
    }

    /// The column that holds the field at a form path (`visitor.role`, or `hazards.0.kind` for a JSON column).
    func column(forPath path: String) -> ImportColumn? {
        columns.first { $0.name == path || path.hasPrefix($0.name + ".") }
    }

    private static func key(_ text: String) -> String {
        var key = text.filter { !$0.isWhitespace }
        while key.hasSuffix("*") || key.hasSuffix("＊") { key.removeLast() }
        return key
    }

    private static func column(_ field: ContractField, node: JSONValue, name: String, title: String, text: PortalText)
        -> ImportColumn
    {
        var column = ImportColumn(
            name: name, title: title, kind: .value(format: node["format"]?.stringValue), isRequired: field.isRequired,
            hint: field.description)
        if field.type == .boolean {
            column.kind = .choice
            column.options = [
                .init(code: "true", label: field.enumTitles["true"] ?? text["form.yes"]),
                .init(code: "false", label: field.enumTitles["false"] ?? text["form.no"]),
            ]
        } else if let values = field.allowedValues?.compactMap(\.stringValue), field.type != .array {
            column.kind = .choice
            column.options = values.map { .init(code: $0, label: field.enumTitles[$0] ?? $0) }
        } else if let values = node["items"]?["enum"]?.arrayValue?.compactMap(\.stringValue) {
            let titles = node["items"]?["x-gridway-enum-titles"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            column.kind = .choices
            column.options = values.map { .init(code: $0, label: titles[$0] ?? $0) }
        } else if field.type == .array, !field.fields.isEmpty {
            column.kind = .rows
        }
        column.hint = WorkerHint.text(field.description, codes: column.options.map(\.code))
        return column
    }
}
