import Foundation
import GridwayFiles
import GridwayJSON
import Testing

@testable import GridwayCore

@Suite struct ContractRetentionTests {
    @Test(arguments: [
        ("P3Y", 3, 0, 0), ("P18M", 0, 18, 0), ("P1Y6M", 1, 6, 0), ("P2W", 0, 0, 14), ("P1Y2M3W4D", 1, 2, 25),
    ])
    func parsesCalendarDurations(_ text: String, _ years: Int, _ months: Int, _ days: Int) throws {
        let duration = try #require(CalendarDuration(parsing: text))
        #expect((duration.years, duration.months, duration.days) == (years, months, days))
        #expect(duration.description == text)
    }

    @Test(arguments: ["", "P", "3Y", "PT12H", "P1M1Y", "P-1Y", "P0Y", "P1.5Y", "P3Y ", "p3y", "P9999999Y"])
    func refusesWhatIsNoCalendarDuration(_ text: String) {
        #expect(CalendarDuration(parsing: text) == nil)
    }

    @Test func addingYearsToALeapDayLandsOnTheMonthsLastDay() throws {
        let year = try #require(CalendarDuration(parsing: "P1Y"))
        #expect(year.added(to: try #require(CalendarDay(parsing: "2024-02-29")))?.description == "2025-02-28")
        #expect(year.subtracted(from: try #require(CalendarDay(parsing: "2024-02-29")))?.description == "2023-02-28")
        #expect(year.subtracted(from: try #require(CalendarDay(parsing: "0001-06-01"))) == nil, "before year 1")
    }

    /// Retention is counted from the end of the period: a November 2023 report kept `P3Y` is held
    /// through 2026-11-30 and erased from 2026-12-01 on; December's is held a month longer.
    @Test func cutoffIsTheLastPeriodWhoseRetentionHasEnded() throws {
        let contract = try shipped("elderly-visit@1")
        let retention = try #require(contract.retention)
        #expect(retention.description == "P3Y")
        #expect(
            contract.retentionCutoff(retention, at: try instant("2026-12-07T10:00:00Z")) == .periodsThrough("2023-11"))
        #expect(
            contract.retentionCutoff(retention, at: try instant("2026-12-01T00:00:00Z")) == .periodsThrough("2023-11"))
        #expect(
            contract.retentionCutoff(retention, at: try instant("2026-11-30T23:59:59Z")) == .periodsThrough("2023-10"))
        #expect(
            contract.retentionCutoff(retention, at: try instant("0003-01-01T00:00:00Z")) == nil, "nothing old enough")
    }

    @Test func weeklyAndUndatedContractsCountFromTheirOwnEnds() throws {
        let year = try #require(CalendarDuration(parsing: "P1Y"))
        let weekly = try Contract(document: ContractFixture.document, source: "test-visit@1.json")
        // 2025-W48 ends Sunday 2025-11-30, so it is held through 2026-11-30; W49 through 2026-12-07.
        #expect(weekly.retentionCutoff(year, at: try instant("2026-12-06T12:00:00Z")) == .periodsThrough("2025-W48"))
        #expect(weekly.retentionCutoff(year, at: try instant("2026-12-08T00:00:00Z")) == .periodsThrough("2025-W49"))

        let undated = try Contract(
            document: ContractFixture.with("/x-gridway-period", "none"), source: "test-visit@1.json")
        #expect(
            undated.retentionCutoff(year, at: try instant("2026-12-07T10:00:00Z"))
                == .receivedBefore(try instant("2025-12-07T00:00:00Z")))
    }

    @Test func erasingRemovesEveryPersonalFieldAndKeepsTheRest() throws {
        let contract = try shipped("elderly-visit@1")
        let example = try #require(contract.schema["examples"]?[0])
        let (erased, pointers) = contract.erasingPersonalData(in: example)
        #expect(
            pointers.map(\.description).sorted()
                == ["/address", "/elderIdNumber", "/elderName", "/elderPhone", "/healthStatus", "/needs", "/visitor"]
                .filter { example[String($0.dropFirst())] != nil })
        for kept in ["visitDate", "visitType", "durationMinutes"] {
            #expect(erased[kept] == example[kept], "\(kept) is not personal")
        }
        #expect(erased["elderIdNumber"] == nil && erased["elderName"] == nil)
        #expect(contract.holdsPersonalData)
    }

    @Test func personalFieldsInsideArrayItemsAreErasedFromEachItem() throws {
        let people: JSONValue = [
            "title": "同住人", "description": "同住人员", "type": "array", "x-gridway-sharing": "open",
            "x-gridway-pii": "none",
            "items": [
                "type": "object",
                "properties": [
                    "name": ["type": "string", "x-gridway-pii": "name"], "relation": ["type": "string"],
                ],
            ],
        ]
        let contract = try Contract(
            document: ContractFixture.with("/properties/people", people), source: "test-visit@1.json")
        let data: JSONValue = [
            "minutes": 5, "kind": "home",
            "people": [["name": "甲", "relation": "spouse"], ["name": "乙", "relation": "child"]],
        ]
        let (erased, pointers) = contract.erasingPersonalData(in: data)
        #expect(pointers.map(\.description) == ["/people/0/name", "/people/1/name"])
        #expect(erased == ["minutes": 5, "kind": "home", "people": [["relation": "spouse"], ["relation": "child"]]])
    }

    @Test func aContractWithoutPersonalFieldsHasNothingToErase() throws {
        let contract = try shipped("population-change@1")
        #expect(!contract.holdsPersonalData)
        #expect(contract.retention == nil)
    }

    private func shipped(_ ref: String) throws -> Contract {
        let catalog = try ContractCatalog.load(directory: ContractTestSupport.contractsDirectory)
        return try #require(catalog.contract(try ContractRef(parsing: ref)))
    }

    private func instant(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }
}
