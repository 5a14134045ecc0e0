import GridwayAdapters
import GridwayCore
import GridwayJSON

/// The files a person fills in to import reports of one contract: an `.xlsx` workbook (the sheet to
/// fill, headed by the Chinese field titles, with drop-down lists of the option labels; an
/// instructions sheet with an example row; a hidden sheet of the options) and a CSV header in UTF-8
/// with a byte order mark, so that Excel opens it in Chinese.
struct ImportTemplate {
    let columns: ImportColumns
    let text: PortalText
    /// The period the example row is for.
    let period: Period?

    /// The last row the drop-down lists cover.
    static let lastListRow = 1001

    /// The `.xlsx` workbook.
    func workbook() throws -> [UInt8] {
        let columns = columns.columns
        var options = WorkbookSheet(name: text["import.optionsSheet"], rows: [], isHidden: true)
        var lists: [WorkbookSheet.List] = []
        for (index, column) in columns.enumerated() where column.kind == .choice {
            let place = options.rows.first?.count ?? 0
            for (row, option) in column.options.enumerated() {
                while options.rows.count <= row { options.rows.append([]) }
                while options.rows[row].count < place { options.rows[row].append(.empty) }
                options.rows[row].append(.text(option.label))
            }
            for row in options.rows.indices where options.rows[row].count <= place { options.rows[row].append(.empty) }
            lists.append(
                .init(
                    column: index, rows: 2...Self.lastListRow,
                    source: options.reference(column: place, rows: 1...column.options.count),
                    error: text("import.optionsAre", column.optionList)))
        }
        let fill = WorkbookSheet(
            name: text["import.dataSheet"], rows: [columns.map { .heading($0.title) }],
            columns: columns.map {
                WorkbookSheet.Column(width: max(10, min(40, $0.title.count * 2 + 4)), format: format($0))
            },
            lists: lists, freezesFirstRow: true)
        var instructions: [[WorkbookSheet.Cell]] = [[.heading(text["import.intro"])], []]
        instructions.append(
            ["import.column", "import.required", "import.howTo", "import.options"].map { .heading(text[$0]) })
        for column in columns {
            instructions.append([
                .text(column.title), .text(column.isRequired ? text["import.requiredYes"] : text["import.requiredNo"]),
                .text(column.hint), .text(column.options.isEmpty ? "" : column.optionList),
            ])
        }
        instructions += [
            [], [.heading(text["import.example"])], columns.map { .heading($0.title) }, exampleRow(columns),
        ]
        let guide = WorkbookSheet(
            name: text["import.guideSheet"], rows: instructions,
            columns: [
                .init(width: 24, format: .wrapped), .init(width: 10), .init(width: 60, format: .wrapped),
                .init(width: 40, format: .wrapped),
            ])
        var sheets = [fill, guide]
        if !lists.isEmpty { sheets.append(options) }
        return try XLSXWriter.workbook(sheets)
    }

    /// The CSV template: the header row only, in UTF-8 with a byte order mark.
    func csv() throws -> [UInt8] {
        let header = JSONValue.array([.array(columns.columns.map { .string($0.title) })])
        return [0xEF, 0xBB, 0xBF] + (try BodyFormat.csv.encode(header))
    }

    private func format(_ column: ImportColumn) -> WorkbookSheet.ColumnFormat {
        switch column.kind {
        case .value(format: "date"): .date
        case .value(format: nil), .period, .unit, .rows:
            // Text, so that Excel keeps identity numbers, phone numbers and periods as typed.
            .text
        default: .general
        }
    }

    /// The contract's first example as a row, options by their labels.
    private func exampleRow(_ columns: [ImportColumn]) -> [WorkbookSheet.Cell] {
        let example = self.columns.contract.schema["examples"]?[0]
        return columns.map { column -> WorkbookSheet.Cell in
            if column.kind == .period { return period.map { .text(PortalPeriods.label($0)) } ?? .empty }
            var value: JSONValue? = example
            for token in column.name.split(separator: ".") { value = value?[String(token)] }
            guard let value else { return .empty }
            let label = { (code: String) in column.options.first { $0.code == code }?.label ?? code }
            switch (column.kind, value) {
            case (.value(format: "date"), .string(let text)):
                return PeriodInput.day(text).map { .date($0) } ?? .text(text)
            case (.choices, .array(let items)):
                return .text(items.compactMap(\.stringValue).map(label).joined(separator: "、"))
            case (.rows, _): return .text(value.serializedString())
            case (_, .integer(let number)): return .number(Double(number))
            case (_, .number(let number)): return .number(number)
            case (_, .bool(let flag)): return .text(label(flag ? "true" : "false"))
            case (_, .string(let text)): return .text(label(text))
            default: return .empty
            }
        }
    }
}
