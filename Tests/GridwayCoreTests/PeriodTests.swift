import Testing

@testable import GridwayCore

struct PeriodTests {
    /// A valid period string with the first and last day it covers.
    struct ValidCase: Sendable, CustomTestStringConvertible {
        let type: PeriodType
        let text: String
        let start: String
        let end: String
        var testDescription: String { "\(type.rawValue) \(text)" }
    }

    static let validCases: [ValidCase] = [
        ValidCase(type: .day, text: "2026-11-28", start: "2026-11-28", end: "2026-11-28"),
        ValidCase(type: .day, text: "2024-02-29", start: "2024-02-29", end: "2024-02-29"),
        ValidCase(type: .day, text: "2000-02-29", start: "2000-02-29", end: "2000-02-29"),
        ValidCase(type: .week, text: "2026-W48", start: "2026-11-23", end: "2026-11-29"),
        ValidCase(type: .week, text: "2026-W01", start: "2025-12-29", end: "2026-01-04"),
        ValidCase(type: .week, text: "2026-W53", start: "2026-12-28", end: "2027-01-03"),
        ValidCase(type: .week, text: "2020-W53", start: "2020-12-28", end: "2021-01-03"),
        ValidCase(type: .week, text: "2027-W01", start: "2027-01-04", end: "2027-01-10"),
        ValidCase(type: .month, text: "2026-11", start: "2026-11-01", end: "2026-11-30"),
        ValidCase(type: .month, text: "2024-02", start: "2024-02-01", end: "2024-02-29"),
        ValidCase(type: .month, text: "1900-02", start: "1900-02-01", end: "1900-02-28"),
        ValidCase(type: .quarter, text: "2026-Q4", start: "2026-10-01", end: "2026-12-31"),
        ValidCase(type: .quarter, text: "2026-Q1", start: "2026-01-01", end: "2026-03-31"),
        ValidCase(type: .quarter, text: "2026-Q2", start: "2026-04-01", end: "2026-06-30"),
        ValidCase(type: .year, text: "2026", start: "2026-01-01", end: "2026-12-31"),
    ]

    @Test(arguments: validCases)
    func parsesValidPeriod(_ valid: ValidCase) throws {
        let period = try #require(try valid.type.period(for: valid.text))
        #expect(period.type == valid.type)
        #expect(period.start.description == valid.start)
        #expect(period.end.description == valid.end)
        #expect(period.description == valid.text)
        #expect(period.contains(period.start) && period.contains(period.end))
        #expect(!period.contains(period.end.adding(days: 1)) && !period.contains(period.start.adding(days: -1)))
        #expect(try Period(parsing: period.description, as: valid.type) == period)
    }

    /// A refused period string with the exact message.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let type: PeriodType
        let text: String?
        let message: String
        var testDescription: String { "\(type.rawValue) \(text ?? "nil")" }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(
            type: .month, text: "2026-13",
            message: #"period "2026-13" is not a month (expected YYYY-MM; there is no month 13)"#),
        InvalidCase(type: .month, text: "2026-1", message: #"period "2026-1" is not a month (expected YYYY-MM)"#),
        InvalidCase(
            type: .month, text: "2026-11-28", message: #"period "2026-11-28" is not a month (expected YYYY-MM)"#),
        InvalidCase(
            type: .month, text: "2026-00",
            message: #"period "2026-00" is not a month (expected YYYY-MM; there is no month 0)"#),
        InvalidCase(
            type: .day, text: "2026-11-31",
            message: #"period "2026-11-31" is not a day (expected YYYY-MM-DD; 2026-11 has 30 days)"#),
        InvalidCase(
            type: .day, text: "2026-02-29",
            message: #"period "2026-02-29" is not a day (expected YYYY-MM-DD; 2026-02 has 28 days)"#),
        InvalidCase(
            type: .day, text: "2026-11-28T00:00",
            message: #"period "2026-11-28T00:00" is not a day (expected YYYY-MM-DD)"#),
        InvalidCase(
            type: .day, text: "2026/11/28", message: #"period "2026/11/28" is not a day (expected YYYY-MM-DD)"#),
        InvalidCase(
            type: .week, text: "2025-W53",
            message: #"period "2025-W53" is not a week (expected YYYY-Www; 2025 has ISO weeks 01 to 52)"#),
        InvalidCase(
            type: .week, text: "2026-W00",
            message: #"period "2026-W00" is not a week (expected YYYY-Www; 2026 has ISO weeks 01 to 53)"#),
        InvalidCase(type: .week, text: "2026-w48", message: #"period "2026-w48" is not a week (expected YYYY-Www)"#),
        InvalidCase(type: .week, text: "2026-W5", message: #"period "2026-W5" is not a week (expected YYYY-Www)"#),
        InvalidCase(
            type: .quarter, text: "2026-Q5",
            message: #"period "2026-Q5" is not a quarter (expected YYYY-Qn; quarters are Q1 to Q4)"#),
        InvalidCase(type: .quarter, text: "2026-4", message: #"period "2026-4" is not a quarter (expected YYYY-Qn)"#),
        InvalidCase(type: .year, text: "26", message: #"period "26" is not a year (expected YYYY)"#),
        InvalidCase(type: .year, text: "０２０２６", message: #"period "０２０２６" is not a year (expected YYYY)"#),
        InvalidCase(
            type: .year, text: "0000",
            message: #"period "0000" is not a year (expected YYYY; year 0000 does not exist)"#),
        InvalidCase(type: .year, text: " 2026", message: #"period " 2026" is not a year (expected YYYY)"#),
        InvalidCase(type: .month, text: nil, message: "a month period is required (expected YYYY-MM)"),
        InvalidCase(type: .day, text: "", message: "a day period is required (expected YYYY-MM-DD)"),
        InvalidCase(
            type: .none, text: "2026-11", message: #"period "2026-11" given, but the contract has no reporting period"#),
    ]

    @Test(arguments: invalidCases)
    func refusesInvalidPeriod(_ invalid: InvalidCase) {
        #expect {
            _ = try invalid.type.period(for: invalid.text)
        } throws: { error in
            (error as? PeriodError)?.description == invalid.message
        }
    }

    @Test(arguments: [nil, ""] as [String?])
    func noneAcceptsOnlyNoPeriod(_ text: String?) throws {
        #expect(try PeriodType.none.period(for: text) == nil)
    }

    @Test func periodInitRefusesTypeNone() {
        #expect(throws: PeriodError.unexpected("2026")) { try Period(parsing: "2026", as: .none) }
    }

    @Test func periodsSortChronologicallyThenByLength() throws {
        let texts: [(PeriodType, String)] = [
            (.year, "2026"), (.month, "2025-12"), (.day, "2026-01-01"), (.quarter, "2026-Q1"),
            (.week, "2025-W52"), (.month, "2026-01"), (.week, "2026-W01"),
        ]
        let periods = try texts.map { try Period(parsing: $0.1, as: $0.0) }
        #expect(
            periods.sorted().map(\.description) == [
                "2025-12", "2025-W52", "2026-W01", "2026-01-01", "2026-01", "2026-Q1", "2026",
            ])
    }

    @Test func calendarDayArithmeticMatchesTheCalendar() throws {
        let day = try #require(CalendarDay(parsing: "2026-11-28"))
        #expect(day.weekday == 6)
        #expect(day.adding(days: 34).description == "2027-01-01")
        #expect(day.adding(days: -730).description == "2024-11-28")
        #expect(try #require(CalendarDay(parsing: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CalendarDay(parsing: "1969-12-31")).weekday == 3)
        #expect(try day < #require(CalendarDay(parsing: "2026-12-01")))
        #expect(CalendarDay(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDay(parsing: "2026-1-28") == nil)
        var current = try #require(CalendarDay(parsing: "0001-01-01"))
        for _ in 0..<800 {
            let next = current.adding(days: 1000)
            #expect(CalendarDay(daysSinceEpoch: next.daysSinceEpoch) == next)
            #expect(next.daysSinceEpoch - current.daysSinceEpoch == 1000)
            current = next
        }
    }
}
