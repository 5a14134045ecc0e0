import Foundation
import FoundationEssentials
import GridwayCore
import GridwayJSON
import GridwaySQLite
import GridwayStore
import Testing

@testable import GridwayServer

/// Date-time fields in an import file are read as people and Excel write them: `2026年11月28日 9:30`,
/// `2026/11/28 14:30`, and an Excel serial number with a fraction for the time of day, each stored as
/// RFC 3339 in China Standard Time; a time that does not exist is a mistake in its row.
@Suite(.timeLimit(.minutes(3))) struct ImportDateTimeTests {
    static let header = "period,category,occurredAt,location.text,description,severity,peopleInvolved,reporterPhone"

    static func row(_ occurredAt: String, _ description: String) -> String {
        "2026年11月28日,消防隐患,\(occurredAt),太原南街 45 号楼北侧楼道,\(description),严重,0,13998876543"
    }

    @Test func dateTimesAreReadFromTheFormsPeopleAndExcelWrite() async throws {
        let gateway = try await TestGateway()
        try await gateway.withCommunityWorker { browser in
            let file = [
                Self.header,
                Self.row("2026年11月28日 9:30", "楼道堆放纸箱，堵塞疏散通道"),
                Self.row("2026/11/28 14:30", "电动自行车在楼道内充电"),
                // 46354 is 2026-11-28 in Excel's 1900 date system; .6979166667 of a day is 16:45.
                Self.row("46354.6979166667", "消防通道被车辆占用"),
                Self.row("2026年11月28日 25:00", "时间写错的一行"),
            ].joined(separator: "\r\n")
            _ = try await browser.get("/portal/forms/grid-incident@1/upload")
            let preview = try await browser.upload("/portal/forms/grid-incident@1/upload", file: file)
            #expect(preview.body.contains("共 4 行：3 行可以导入，1 行有错误。"), "\(preview.body)")
            let errors = try #require(preview.body.range(of: "id=\"import-errors\"")).upperBound
            let table = String(preview.body[errors...]).components(separatedBy: "</table>").first ?? ""
            #expect(table.contains(">5</td><td data-label=\"列\">发生时间</td>"))
            #expect(
                table.contains("（例如 2026/12/6 14:30 或 2026年12月6日 14:30）"),
                "the mistake says how to write a date and time")

            let content = try #require(PortalStaffTests.hiddenContent(preview.body))
            let imported = try await browser.upload(
                "/portal/forms/grid-incident@1/import", bytes: Array(content.utf8), name: "content", filename: nil)
            #expect(imported.body.contains("3 行已保存"))
            let stored = try await gateway.store.submissions(matching: .init(limit: 10)).items
            let times = Dictionary(
                uniqueKeysWithValues: stored.compactMap { submission in
                    submission.request.data["description"]?.stringValue.map {
                        ($0, submission.request.data["occurredAt"])
                    }
                })
            #expect(times["楼道堆放纸箱，堵塞疏散通道"] == "2026-11-28T09:30:00+08:00")
            #expect(times["电动自行车在楼道内充电"] == "2026-11-28T14:30:00+08:00")
            #expect(times["消防通道被车辆占用"] == "2026-11-28T16:45:00+08:00")
        }
    }

    @Test func aSerialWithoutAFractionIsMidnightOfItsDay() {
        let column = ImportColumn(
            name: "occurredAt", title: "发生时间", kind: .value(format: "date-time"), isRequired: true, hint: "")
        #expect(column.formValues("46354") == ["2026-11-28 00:00"])
        #expect(column.formValues("46354.5") == ["2026-11-28 12:00"])
        #expect(column.formValues("2026/11/28 9:30") == ["2026/11/28 9:30"], "typed text is read by the form's reader")
    }
}
