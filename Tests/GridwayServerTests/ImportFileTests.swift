import Foundation
import GridwayAdapters
import GridwayCore
import GridwayFiles
import Testing
import ZIPFoundation

@testable import GridwayServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reading import files as Excel, WPS and Chinese Windows write them, and the templates the portal hands out.
/// The fixtures come from `Fixtures/import/make-fixtures.py` (Python's `zipfile` and `gb18030` codec).
struct ImportFileTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](
            try Data(
                contentsOf: TestGateway.repositoryRoot.appendingPathComponent(
                    "Tests/GridwayServerTests/Fixtures/import/\(name)")))
    }

    static let text = try! PortalCatalog.load().text(.zh)

    static func contract(_ reference: String = "elderly-visit@1") throws -> Contract {
        let catalog = try ContractCatalog.load(
            directory: TestGateway.repositoryRoot.appendingPathComponent("contracts"))
        return try #require(catalog.contract(try ContractRef(parsing: reference)))
    }

    @Test func periodLabelsAreWrittenAsPeopleWriteThemAndReadBack() throws {
        let cases: [(String, PeriodType, String)] = [
            ("2026-12-06", .day, "2026年12月6日"), ("2026-W01", .week, "2026年第1周"), ("2026-12", .month, "2026年12月"),
            ("2026-Q4", .quarter, "2026年第4季度"), ("2026", .year, "2026年"),
        ]
        for (written, type, label) in cases {
            let period = try Period(parsing: written, as: type)
            #expect(PortalPeriods.label(period) == label)
            #expect(try PeriodInput.period(label, as: type) == period)
        }
    }

    @Test func readsAWorkbookAsExcelSavesIt() throws {
        let rows = try XLSXReader(try Self.fixture("excel-visits.xlsx")).firstSheetRows()
        #expect(rows.map(\.number) == [1, 2, 3, 5])
        #expect(rows[0].cells.first == "报告周期" && rows[0].cells.count == 12)
        // Rich-text runs joined and the phonetic guide left out; a 14-format date serial; escaped text read back.
        #expect(
            rows[1].cells == [
                "2026年12月", "王桂兰", "210102193805120025", "沈阳市和平区太原北街 12 号", "2026-12-06", "入户走访", "40", "一般",
                "助餐、居家安全改造", "李晓梅", "网格员", "卫生间无扶手 & 需改造 <急>",
            ])
        // The East Asian built-in date format 31, a skipped cell, and a formula's cached string.
        #expect(rows[2].cells[4] == "2026-12-07" && rows[2].cells[8] == "" && rows[2].cells[11] == "电话")
        // A custom 年月日 format with a time of day, an inline string and a boolean.
        #expect(
            rows[3].cells[4] == "2026-12-08 12:00" && rows[3].cells[2] == "210102194407150021"
                && rows[3].cells[11] == "true")
    }

    @Test func readsPrefixedNamesInlineStringsAnd1904Dates() throws {
        let rows = try XLSXReader(try Self.fixture("wps-prefixed-1904.xlsx")).firstSheetRows()
        #expect(rows.map(\.cells) == [["走访日期", "备注"], ["2026-12-08", "一二"]])
    }

    @Test func refusesWhatIsNoWorkbook() throws {
        #expect(throws: WorkbookError.self) { try XLSXReader(Array("PK\u{3}\u{4} not really".utf8)).firstSheetRows() }
        let table = try ImportTable(Array("a,b\n1,2\n".utf8))
        #expect(table.source == .csv(.utf8))
    }

    /// A workbook whose sheet is `sheet`, the other parts as ``XLSXWriter`` writes them.
    static func workbook(sheet: String) throws -> [UInt8] {
        let written = try Archive(
            data: Data(try XLSXWriter.workbook([WorkbookSheet(name: "S", rows: [])])), accessMode: .read)
        let archive = try Archive(accessMode: .create)
        for entry in written where entry.path != "xl/worksheets/sheet1.xml" {
            var data = Data()
            _ = try written.extract(entry) { data.append($0) }
            try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let bytes = Data(sheet.utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(bytes.count)) {
            position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
        return [UInt8](try #require(archive.data))
    }

    @Test func neverResolvesExternalEntitiesAndRefusesBrokenXML() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let entity = try Self.workbook(
            sheet: """
                <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <worksheet xmlns="\(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x&secret;y</t></is></c></row></sheetData></worksheet>
                """)
        let cells = (try? XLSXReader(entity).firstSheetRows().flatMap(\.cells)) ?? []
        #expect(!cells.joined().contains("root:"))
        let broken = try Self.workbook(
            sheet: "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c></row></worksheet>")
        #expect(throws: WorkbookError.self) { try XLSXReader(broken).firstSheetRows() }
        let wide = try Self.workbook(
            sheet:
                "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"ZZZ1\"><v>1</v></c></row></sheetData></worksheet>"
        )
        #expect(throws: WorkbookError.self) { try XLSXReader(wide).firstSheetRows() }
    }

    @Test func detectsAndDecodesGB18030() throws {
        let bytes = try Self.fixture("gb18030-visits.csv")
        let expected = String(decoding: try Self.fixture("gb18030-visits.expected.txt"), as: UTF8.self)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        #expect(ImportTable.charset(of: bytes) == .gb18030)
        #expect(try Charset.gb18030.decode(bytes) == expected)
        let table = try ImportTable(bytes)
        #expect(table.source == .csv(.gb18030))
        #expect(table.header.first == "报告周期" && table.header.count == 11)
        // Four-byte sequences (U+4DAE, U+20000), the euro sign and a quoted comma.
        #expect(table.rows.map(\.number) == [2, 3])
        #expect(table.rows[1].cells[1] == "䶮𠀀€" && table.rows[1].cells[3] == "南京北街 88 号，1 单元")
        // The same text in UTF-8, with and without a byte order mark, is read as UTF-8.
        for prefix in [[], [0xEF, 0xBB, 0xBF] as [UInt8]] {
            let utf8 = try ImportTable(prefix + Array(expected.utf8))
            #expect(
                utf8.source == .csv(.utf8) && utf8.header == table.header
                    && utf8.rows.map(\.cells) == table.rows.map(\.cells))
        }
    }

    @Test func theWriterEscapesWhatXMLCannotHoldAsIs() throws {
        #expect(XLSXWriter.escaped("a&<>\"'\u{1}\u{FFFE}\tb") == "a&amp;&lt;&gt;&quot;&apos;&#9;b")
        let tricky = ["  前后空格  ", "<b>&amp;</b>", "]]>", "控制\u{0}字符", "😀 表情", "两行\r\n文字\t"]
        let bytes = try XLSXWriter.workbook([WorkbookSheet(name: "O'Brien & 张", rows: [tricky.map { .text($0) }])])
        let rows = try XLSXReader(bytes).firstSheetRows()
        #expect(rows.map(\.cells) == [["  前后空格  ", "<b>&amp;</b>", "]]>", "控制字符", "😀 表情", "两行\r\n文字\t"]])
        #expect(throws: WorkbookError.self) { try XLSXWriter.workbook([WorkbookSheet(name: "a/b", rows: [])]) }
    }

    @Test func theTemplateRoundTripsThroughTheReader() throws {
        let contract = try Self.contract()
        let columns = ImportColumns(contract: contract, text: Self.text)
        let template = ImportTemplate(
            columns: columns, text: Self.text, period: try Period(parsing: "2026-12", as: .month))
        let bytes = try template.workbook()
        let rows = try XLSXReader(bytes).firstSheetRows()
        #expect(rows.count == 1)
        #expect(rows[0].cells == columns.columns.map(\.title))
        #expect(rows[0].cells.prefix(3) == ["报告周期", "老人姓名", "老人身份证号"] && rows[0].cells.contains("走访人身份"))
        // Every header cell names its column back.
        #expect(rows[0].cells.map { columns.column(named: $0)?.name } == columns.columns.map(\.name))

        let archive = try Archive(data: Data(bytes), accessMode: .read)
        func part(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(try #require(archive[path])) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let workbook = try part("xl/workbook.xml")
        #expect(
            workbook.contains("name=\"填报\"") && workbook.contains("name=\"填写说明\"")
                && workbook.contains("name=\"选项\" sheetId=\"3\" state=\"hidden\""))
        // Drop-down lists for single choices (走访方式 is column G), pointing at the hidden sheet's labels.
        let sheet = try part("xl/worksheets/sheet1.xml")
        #expect(sheet.contains("<dataValidation type=\"list\"") && sheet.contains("sqref=\"G2:G1001\""))
        #expect(sheet.contains("<formula1>&apos;选项&apos;!$A$1:$A$4</formula1>"))
        let options = try part("xl/worksheets/sheet3.xml")
        for label in ["入户走访", "电话问候", "视频问候", "陪同就医或办事", "良好", "网格员"] { #expect(options.contains(">\(label)<")) }
        // The instructions sheet lists each column and ends with the contract's example, labels in place of codes.
        let guide = try part("xl/worksheets/sheet2.xml")
        #expect(guide.contains("助餐、居家安全改造") && guide.contains(">2026年12月<") && guide.contains("<v>46331</v>"))
        #expect(!guide.contains(">home<") && !guide.contains("grid-worker"))
        for xml in [workbook, sheet, options, guide, try part("xl/styles.xml"), try part("[Content_Types].xml")] {
            #expect(XMLParser(data: Data(xml.utf8)).parse())
        }

        let csv = try template.csv()
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let table = try ImportTable(csv)
        #expect(table.header == columns.columns.map(\.title) && table.rows.isEmpty)
    }
}
