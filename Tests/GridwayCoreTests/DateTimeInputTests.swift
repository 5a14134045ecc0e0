import Testing

@testable import GridwayCore

struct DateTimeInputTests {
    /// Typed text and the RFC 3339 date-time it is read as, in China Standard Time.
    static let readable: [(String, String)] = [
        ("2026年12月6日 14:30", "2026-12-06T14:30:00+08:00"), ("2026年12月6日14:30", "2026-12-06T14:30:00+08:00"),
        ("2026/12/6 14:30", "2026-12-06T14:30:00+08:00"), ("2026/12/6 9:05", "2026-12-06T09:05:00+08:00"),
        ("2026-12-06 14:30:15", "2026-12-06T14:30:15+08:00"), ("2026-12-06T14:30", "2026-12-06T14:30:00+08:00"),
        ("2026.12.6 0:00", "2026-12-06T00:00:00+08:00"), ("2026年12月6日 14时30分", "2026-12-06T14:30:00+08:00"),
        ("2026年12月6号14:30", "2026-12-06T14:30:00+08:00"), ("2026年12月6日14点30分", "2026-12-06T14:30:00+08:00"),
        ("2026年12月6日 14点", "2026-12-06T14:00:00+08:00"), ("2026年12月6日 14时30分15秒", "2026-12-06T14:30:15+08:00"),
        ("２０２６年１２月６日　１４：３０", "2026-12-06T14:30:00+08:00"), (" 2026/12/6  23:59 ", "2026-12-06T23:59:00+08:00"),
        ("20261206 14:30", "2026-12-06T14:30:00+08:00"),
    ]

    @Test(arguments: readable)
    func readsTheFormsPeopleType(_ text: String, _ expected: String) {
        #expect(DateTimeInput.dateTime(text, utcOffsetMinutes: 480) == expected)
    }

    @Test func writesTheZoneItIsGiven() {
        #expect(DateTimeInput.dateTime("2026/12/6 14:30", utcOffsetMinutes: 0) == "2026-12-06T14:30:00Z")
        #expect(DateTimeInput.dateTime("2026/12/6 14:30", utcOffsetMinutes: -330) == "2026-12-06T14:30:00-05:30")
    }

    /// Text that is not a day with a time that exists, or is already written with a zone of its own.
    static let unreadable = [
        "2026/12/6", "2026年12月6日", "14:30", "2026/12/6 24:00", "2026/12/6 14:60", "2026/2/30 10:00",
        "2026/12/6 14:30:61",
        "2026-12-06T14:30:00+08:00", "2026-12-06T14:30:00Z", "2026/12/6 下午两点", "2026年12月6日 14时15秒", "2026/12 14:30",
        "",
    ]

    @Test(arguments: unreadable)
    func leavesAloneWhatIsNotADayAndATime(_ text: String) {
        #expect(DateTimeInput.dateTime(text, utcOffsetMinutes: 480) == nil)
    }
}
