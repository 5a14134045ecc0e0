import Foundation
import GridwayCore
import ZIPFoundation

/// Writes sheets as an `.xlsx` workbook that Excel and WPS open: inline strings, a bold header style,
/// date and text column formats, frozen header rows, hidden sheets and drop-down lists.
///
/// All text goes through ``escaped(_:)``; the parts are deflated into the ZIP container by ZIPFoundation.
public enum XLSXWriter {
    /// The workbook holding `sheets` (the first is the one shown on opening).
    /// - Throws: ``WorkbookError`` if a sheet name is not allowed or the archive cannot be built.
    public static func workbook(_ sheets: [WorkbookSheet]) throws(WorkbookError) -> [UInt8] {
        guard !sheets.isEmpty else { throw WorkbookError("a workbook needs a sheet") }
        for sheet in sheets {
            guard !sheet.name.isEmpty, sheet.name.count <= 31, !sheet.name.contains(where: { "[]:*?/\\".contains($0) })
            else {
                throw WorkbookError("sheet name \"\(sheet.name)\" is not allowed")
            }
        }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet)))
        }
        do {
            let archive = try Archive(accessMode: .create)
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                    compressionMethod: .deflate
                ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            }
            guard let data = archive.data else { throw WorkbookError("the archive has no data") }
            return [UInt8](data)
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw WorkbookError("the workbook cannot be packed: \(error)")
        }
    }

    /// `text` safe in XML content and attribute values: `&`, `<`, `>`, `"` and `'` escaped, tab and line
    /// breaks as character references (so that attribute values and `\r` keep them), and the control
    /// characters XML 1.0 cannot hold left out.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Parts carry one fixed time, so the same sheets give the same bytes.
    private static let fixedDate = Date(timeIntervalSince1970: 1_767_225_600)

    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Style indices in ``styles``.
    private enum Style: Int {
        case general = 0
        case heading
        case date
        case text
        case wrapped
    }

    private static func contentTypes(_ count: Int) -> String {
        let sheets = (1...count).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return declaration
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + sheets + "</Types>"
    }

    private static let rootRelationships =
        declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    private static func workbook(_ sheets: [WorkbookSheet]) -> String {
        let entries = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(index + 1)\"\(sheet.isHidden ? " state=\"hidden\"" : "") r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return declaration
            + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><bookViews><workbookView activeTab=\"0\"/></bookViews>"
            + "<sheets>\(entries)</sheets></workbook>"
    }

    private static func workbookRelationships(_ count: Int) -> String {
        let sheets = (1...count).map {
            "<Relationship Id=\"rId\($0)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }.joined()
        return declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + sheets
            + "<Relationship Id=\"rId\(count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>"
    }

    private static let styles =
        declaration + "<styleSheet xmlns=\"\(main)\">"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/></font><font><b/><sz val=\"11\"/><name val=\"等线\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/></xf>"
        + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

    private static func worksheet(_ sheet: WorkbookSheet) -> String {
        var xml = declaration + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
        if sheet.freezesFirstRow {
            xml +=
                "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.columns.isEmpty {
            xml += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                xml +=
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(column.width)\" customWidth=\"1\" style=\"\(style(column.format).rawValue)\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = WorkbookSheet.columnLetters(columnIndex) + String(rowIndex + 1)
                let columnStyle =
                    sheet.columns.indices.contains(columnIndex) ? style(sheet.columns[columnIndex].format) : .general
                xml += self.cell(cell, reference: reference, columnStyle: columnStyle)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.lists.isEmpty {
            xml += "<dataValidations count=\"\(sheet.lists.count)\">"
            for list in sheet.lists {
                let letters = WorkbookSheet.columnLetters(list.column)
                xml +=
                    "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" errorStyle=\"warning\" error=\"\(escaped(list.error))\""
                    + " sqref=\"\(letters)\(list.rows.lowerBound):\(letters)\(list.rows.upperBound)\"><formula1>\(escaped(list.source))</formula1></dataValidation>"
            }
            xml += "</dataValidations>"
        }
        return xml + "</worksheet>"
    }

    private static func cell(_ cell: WorkbookSheet.Cell, reference: String, columnStyle: Style) -> String {
        switch cell {
        case .text(let text):
            "<c r=\"\(reference)\" s=\"\(columnStyle.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
        case .heading(let text):
            "<c r=\"\(reference)\" s=\"\(Style.heading.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
        case .number(let value):
            "<c r=\"\(reference)\" s=\"\(columnStyle.rawValue)\"><v>\(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))</v></c>"
        case .date(let day):
            "<c r=\"\(reference)\" s=\"\(Style.date.rawValue)\"><v>\(day.daysSinceEpoch + 25_569)</v></c>"
        case .empty:
            ""
        }
    }

    private static func style(_ format: WorkbookSheet.ColumnFormat) -> Style {
        switch format {
        case .general: .general
        case .text: .text
        case .date: .date
        case .wrapped: .wrapped
        }
    }
}
