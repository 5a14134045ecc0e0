import Testing

@testable import GridwayCore

struct PeriodInputTests {
    /// Typed text, the period type it is read as, and the written form it gives.
    static let readable: [(String, PeriodType, String)] = [
        ("2026年12月", .month, "2026-12"), ("2026.12", .month, "2026-12"), ("2026/12", .month, "2026-12"),
        ("2026-12", .month, "2026-12"), ("2026-1", .month, "2026-01"), (" 2026 年 1 月 ", .month, "2026-01"),
        ("２０２６年１２月", .month, "2026-12"), ("202612", .month, "2026-12"), ("2026年三月", .month, "2026-03"),
        ("2026年12月6日", .day, "2026-12-06"), ("2026/12/6", .day, "2026-12-06"), ("2026.12.06", .day, "2026-12-06"),
        ("2026-12-06", .day, "2026-12-06"), ("2026年12月6号", .day, "2026-12-06"), ("20261206", .day, "2026-12-06"),
        ("2026年第4季度", .quarter, "2026-Q4"), ("2026年四季度", .quarter, "2026-Q4"), ("2026Q4", .quarter, "2026-Q4"),
        ("2026 q4", .quarter, "2026-Q4"), ("2026-Q4", .quarter, "2026-Q4"), ("2026年4季度", .quarter, "2026-Q4"),
        ("2026年第49周", .week, "2026-W49"), ("2026W49", .week, "2026-W49"), ("2026-W01", .week, "2026-W01"),
        ("2026年", .year, "2026"), ("2026", .year, "2026"),
        // A shorter period stands for the one holding it.
        ("2026/12/6", .month, "2026-12"), ("2026年12月6日", .week, "2026-W49"), ("2026/1/1", .week, "2026-W01"),
        ("2026/11/30", .quarter, "2026-Q4"), ("2026年12月", .quarter, "2026-Q4"), ("2026年12月", .year, "2026"),
        ("2026Q2", .year, "2026"),
    ]

    @Test(arguments: readable)
    func readsTheFormsPeopleType(_ text: String, _ type: PeriodType, _ expected: String) throws {
        #expect(try PeriodInput.period(text, as: type).description == expected)
        #expect(PeriodInput.normalized(text, as: type) == expected)
    }

    /// Text that names no period of the type: wrong shape, a day or month that does not exist, or a longer period.
    static let unreadable: [(String, PeriodType)] = [
        ("2026年13月", .month), ("2026/2/30", .day), ("2026Q5", .quarter), ("2026年第54周", .week), ("12月", .month),
        ("26/12", .month), ("2026年12月", .day), ("2026年12月", .week), ("2026W49", .month), ("2026", .month),
        ("2026-12-06x", .day), ("2026//12", .month), ("下个月", .month), ("2026/123/1", .day), ("0000-01", .month),
    ]

    @Test(arguments: unreadable)
    func refusesWhatNamesNoSuchPeriod(_ text: String, _ type: PeriodType) {
        #expect(throws: PeriodError.self) { try PeriodInput.period(text, as: type) }
        #expect(PeriodInput.normalized(text, as: type) == text)
    }

    @Test func theErrorNamesTheTextAsTyped() {
        #expect(throws: PeriodError.malformed("2026年13月", .month, detail: "there is no month 13")) {
            try PeriodInput.period("2026年13月", as: .month)
        }
        #expect(throws: PeriodError.missing(.month)) { try PeriodInput.period("  ", as: .month) }
        #expect(throws: PeriodError.unexpected("2026-12")) { try PeriodInput.period("2026-12", as: .none) }
    }

    @Test func readsDays() {
        #expect(PeriodInput.day("2026/12/6") == CalendarDay(year: 2026, month: 12, day: 6))
        #expect(PeriodInput.day("2026年2月29日") == nil)
        #expect(PeriodInput.day("2026年12月") == nil)
    }
}
