import Foundation
import GridwayCore
import ZIPFoundation

/// Reads the first worksheet of an `.xlsx` workbook as Excel and WPS save it: shared strings (without
/// their phonetic runs), inline strings, numbers, booleans, and numbers in a date format as
/// `YYYY-MM-DD` (with ` HH:MM` when they hold a time of day), for 1900- and 1904-based workbooks.
public struct XLSXReader {
    /// The most bytes one part of the workbook may unpack to (a guard against ZIP bombs).
    public static let partLimit = 32 << 20
    /// The most columns a row may have.
    public static let columnLimit = 512

    /// One row of the sheet: its number as Excel shows it and its cells' texts from column A on.
    public struct Row: Sendable, Hashable {
        public var number: Int
        public var cells: [String]
    }

    private let archive: Archive

    /// Opens the workbook in `bytes`.
    /// - Throws: ``WorkbookError`` if `bytes` is not a ZIP archive.
    public init(_ bytes: [UInt8]) throws(WorkbookError) {
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw WorkbookError("not an .xlsx workbook (not a ZIP archive)")
        }
    }

    /// The non-empty rows of the first worksheet, in order.
    /// - Throws: ``WorkbookError`` if a part is missing, too large or not well-formed.
    public func firstSheetRows() throws(WorkbookError) -> [Row] {
        guard let workbook = try part("xl/workbook.xml") else {
            throw WorkbookError("not an .xlsx workbook (no xl/workbook.xml)")
        }
        let strings = try sharedStrings()
        let dateStyles = try self.dateStyles()
        let base =
            workbook.events.contains {
                if case .start("workbookPr", let a) = $0 { ["1", "true"].contains(a["date1904"]) } else { false }
            }
            ? CalendarDay(year: 1904, month: 1, day: 1)! : Self.excelEpoch
        guard let sheet = try part(try firstSheetPath(workbook)) else {
            throw WorkbookError("the workbook has no worksheet")
        }
        var rows: [Row] = []
        var row: Row?
        var cell: (column: Int, type: String, style: Int)?
        var value: String?
        var inText = false
        var phonetic = false
        for event in sheet.events {
            switch event {
            case .start("row", let attributes):
                row = Row(number: attributes["r"].flatMap(Int.init) ?? (rows.last?.number ?? 0) + 1, cells: [])
            case .start("c", let attributes):
                let column = attributes["r"].map(Self.columnIndex) ?? row?.cells.count ?? 0
                guard let column, column < Self.columnLimit else {
                    throw WorkbookError("row \(row?.number ?? 0) has a cell beyond column \(Self.columnLimit)")
                }
                cell = (column, attributes["t"] ?? "n", attributes["s"].flatMap(Int.init) ?? 0)
                value = nil
            case .start("v", _), .start("t", _):
                inText = !phonetic
                if inText && value == nil { value = "" }
            case .start("rPh", _):
                phonetic = true
            case .end("rPh"):
                phonetic = false
            case .text(let text) where inText:
                value?.append(text)
            case .end("v"), .end("t"):
                inText = false
            case .end("c"):
                guard let current = cell else { continue }
                let raw = value ?? ""
                let text: String
                switch current.type {
                case "s": text = Int(raw).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
                case "b": text = raw == "1" ? "true" : "false"
                case "n" where dateStyles.contains(current.style):
                    text = Double(raw).flatMap { Self.date(serial: $0, base: base) } ?? raw
                default: text = raw
                }
                row?.set(text, at: current.column)
                cell = nil
            case .end("row"):
                if let finished = row, finished.cells.contains(where: { !$0.isEmpty }) { rows.append(finished) }
                row = nil
            default:
                continue
            }
        }
        return rows
    }

    /// The column index (A is 0) of a cell reference such as `AB12`, or `nil`.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }

    /// The day serial 0 stands for in Excel's default 1900 date system (serial 1 is 1900-01-01).
    public static let excelEpoch = CalendarDay(year: 1899, month: 12, day: 30)!

    /// A date serial as `YYYY-MM-DD`, with ` HH:MM` when it has a time of day; `nil` when out of range.
    /// `base` is ``excelEpoch``, or 1904-01-01 for a workbook in the 1904 date system.
    public static func date(serial: Double, base: CalendarDay = excelEpoch) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        // Excel's 1900 system counts a 29 February 1900 that never was (serial 60).
        if base.year == 1899 && days < 61 { days += 1 }
        let day = base.adding(days: days)
        let minutes = Int(((serial - serial.rounded(.down)) * 1440).rounded())
        guard minutes > 0 && minutes < 1440 else { return day.description }
        return day.description + " " + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// The path of the first sheet the workbook lists, through its relationships.
    private func firstSheetPath(_ workbook: XMLEvents) throws(WorkbookError) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard
            let id = workbook.events.lazy.compactMap({ event -> String? in
                if case .start("sheet", let attributes) = event { attributes["id"] } else { nil }
            }).first, let relationships = try part("xl/_rels/workbook.xml.rels")
        else { return fallback }
        for case .start("Relationship", let attributes) in relationships.events where attributes["Id"] == id {
            guard let target = attributes["Target"] else { break }
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return fallback
    }

    /// The shared strings table: each item's text runs joined, phonetic guides left out.
    private func sharedStrings() throws(WorkbookError) -> [String] {
        guard let table = try part("xl/sharedStrings.xml") else { return [] }
        var strings: [String] = []
        var current: String?
        var inText = false
        var phonetic = false
        for event in table.events {
            switch event {
            case .start("si", _): current = ""
            case .start("rPh", _): phonetic = true
            case .end("rPh"): phonetic = false
            case .start("t", _): inText = !phonetic
            case .end("t"): inText = false
            case .text(let text) where inText: current?.append(text)
            case .end("si"):
                strings.append(current ?? "")
                current = nil
            default: continue
            }
        }
        return strings
    }

    /// The indices of the cell styles whose number format shows a date.
    private func dateStyles() throws(WorkbookError) -> Set<Int> {
        guard let styles = try part("xl/styles.xml") else { return [] }
        var customDates: Set<Int> = []
        var result: Set<Int> = []
        var inCellFormats = false
        var index = 0
        for event in styles.events {
            switch event {
            case .start("numFmt", let attributes):
                if let id = attributes["numFmtId"].flatMap(Int.init), Self.isDateFormat(attributes["formatCode"] ?? "")
                {
                    customDates.insert(id)
                }
            case .start("cellXfs", _): inCellFormats = true
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let attributes) where inCellFormats:
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                if Self.builtInDateFormats.contains(id) || customDates.contains(id) { result.insert(index) }
                index += 1
            default: continue
            }
        }
        return result
    }

    /// Excel's built-in date formats, including the East Asian ones Chinese Excel and WPS use.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a custom number format code shows a date: it has a `y`, `m` or `d` outside quotes,
    /// brackets and escapes, or a Chinese 年/月/日.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracketed = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            case _ where !quoted && !bracketed && "yYmMdD".contains(character): return true
            default: continue
            }
        }
        return code.contains("年") || code.contains("月") || code.contains("日")
    }

    /// The parsed part at `path`, or `nil` if the archive has none.
    private func part(_ path: String) throws(WorkbookError) -> XMLEvents? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(Self.partLimit) else {
            throw WorkbookError("\(path) unpacks to more than \(Self.partLimit >> 20) MiB")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                guard data.count + chunk.count <= Self.partLimit else { throw WorkbookError("\(path) is too large") }
                data.append(chunk)
            }
        } catch {
            throw WorkbookError("\(path) cannot be unpacked: \(error)")
        }
        return try XMLEvents(data, part: path)
    }
}

extension XLSXReader.Row {
    /// Puts `text` in column `index`, widening the row as needed.
    mutating func set(_ text: String, at index: Int) {
        if cells.count <= index { cells += Array(repeating: "", count: index + 1 - cells.count) }
        cells[index] = text
    }
}
