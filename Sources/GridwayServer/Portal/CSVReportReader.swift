import GridwayAdapters
import GridwayCore

/// Turns the rows of an uploaded CSV file into report envelopes, one per row.
///
/// The header names the contract's fields by their form paths: `visitDate`, `visitor.name`; an array
/// of enumerations takes its values separated by `;` (`meal;medical`), an array of objects takes JSON
/// (`[{"kind":"gas",…}]`). Optional `unit` and `period` columns set the envelope; the form's defaults
/// apply otherwise. Values are read by the same rules as the web form.
struct CSVReportReader {
    let contract: Contract

    /// One row: its number in the file (the header is row 1) and its cells by column.
    struct Row {
        var number: Int
        var cells: [String: String]
    }

    /// The rows of `bytes` (UTF-8 or GB18030, detected), or why the file cannot be read.
    func rows(_ bytes: [UInt8]) throws -> [Row] {
        // A spreadsheet's UTF-8 byte order mark is not part of the first column's name.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var options = BodyFormatOptions()
        options.header = true
        if (try? BodyFormat.csv.decode(bytes, options: options)) == nil { options.charset = .gb18030 }
        let table = try BodyFormat.csv.decode(bytes, options: options)
        return (table.arrayValue ?? []).enumerated().map { index, record in
            Row(
                number: index + 2,
                cells: (record.objectValue ?? [:]).reduce(into: [:]) { cells, member in
                    cells[member.key] = member.value.stringValue ?? ""
                })
        }
    }

    /// The `data` object of a row, read like a submitted form.
    func data(of row: Row) -> JSONValue {
        var form = PortalForm(urlEncoded: "")
        let properties = contract.schema["properties"]
        for (column, cell) in row.cells where column != "unit" && column != "period" {
            let node = properties?[column]
            if node?["items"]?["enum"] != nil {
                for value in cell.split(separator: ";") { form.append(column, value.trimmingCharacters(in: .whitespaces)) }
            } else if node?["items"]?["properties"] != nil, let rows = try? JSONValue(parsing: Array(cell.utf8)) {
                for (index, item) in (rows.arrayValue ?? []).enumerated() {
                    for (name, value) in item.objectValue ?? [:] {
                        form.append("\(column).\(index).\(name)", ContractForm.display(value))
                    }
                }
            } else {
                form.append(column, cell)
            }
        }
        return ContractFormReader(contract: contract).data(from: form)
    }

    /// The columns of `rows` that name no field of the contract (a misspelt column would lose its values).
    func unknownColumns(in rows: [Row]) -> [String] {
        let known = Set(columns)
        return Set(rows.flatMap(\.cells.keys)).subtracting(known).sorted()
    }

    /// The columns a file for this contract may have, in contract order.
    var columns: [String] {
        ["unit", "period"]
            + contract.fields.flatMap { field -> [String] in
                field.type == .object ? field.fields.map { "\(field.name).\($0.name)" } : [field.name]
            }
    }
}
