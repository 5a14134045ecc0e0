import GridwayAdapters
import GridwayCore
import GridwayJSON

/// The header and rows of an uploaded file: an `.xlsx` workbook (its first sheet), or CSV in UTF-8
/// (with or without a byte order mark) or GB18030, told apart by their bytes.
struct ImportTable {
    /// One row: its number as the spreadsheet shows it (the header is row 1) and its cells.
    struct Row {
        var number: Int
        var cells: [String]
    }

    /// The kind of file the bytes turned out to be.
    enum Source: Equatable {
        case xlsx
        case csv(Charset)
    }

    var source: Source
    var header: [String]
    var rows: [Row]

    /// Reads `bytes`.
    /// - Throws: ``WorkbookError`` or ``CodecError`` when the file is not a readable workbook or CSV.
    init(_ bytes: [UInt8]) throws {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let sheet = try XLSXReader(bytes).firstSheetRows()
            source = .xlsx
            header = sheet.first?.cells ?? []
            rows = sheet.dropFirst().map { Row(number: $0.number, cells: $0.cells) }
            return
        }
        let charset = Self.charset(of: bytes)
        var options = BodyFormatOptions()
        options.header = false
        options.charset = charset
        let records = (try BodyFormat.csv.decode(bytes, options: options).arrayValue ?? []).map { record in
            (record.arrayValue ?? []).map { $0.stringValue ?? "" }
        }
        source = .csv(charset)
        header = records.first ?? []
        rows = records.dropFirst().enumerated().compactMap { index, cells in
            cells.contains { !$0.isEmpty } ? Row(number: index + 2, cells: cells) : nil
        }
    }

    /// UTF-8 when the bytes start with its byte order mark or are valid UTF-8, GB18030 otherwise.
    static func charset(of bytes: [UInt8]) -> Charset {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || String(validating: bytes, as: UTF8.self) != nil { return .utf8 }
        return .gb18030
    }
}
