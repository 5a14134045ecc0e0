/// One reporting period: a day, ISO week, month, quarter or year, such as `2026-11` or `2026-W48`.
///
/// Periods order by their ``start`` day, and periods starting on the same day by length
/// (day < week < month < quarter < year), so a sorted list reads chronologically.
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The kind of period; never ``PeriodType/none``.
    public let type: PeriodType
    /// The first day of the period (a Monday for weeks).
    public let start: CalendarDay

    /// Parses `text` as a period of `type`: `2026-11-28`, `2026-W48`, `2026-11`, `2026-Q4` or `2026`.
    ///
    /// Only ASCII digits are accepted, zero-padded to the widths shown; weeks are ISO 8601 weeks
    /// (week 1 holds the year's first Thursday, so some years have a week 53).
    /// - Throws: ``PeriodError/malformed(_:_:detail:)`` if `text` is not such a period, or
    ///   ``PeriodError/unexpected(_:)`` if `type` is ``PeriodType/none``.
    public init(parsing text: String, as type: PeriodType) throws(PeriodError) {
        let malformed = { (detail: String?) in PeriodError.malformed(text, type, detail: detail) }
        let shape: String
        switch type {
        case .day: shape = "DDDD-DD-DD"
        case .week: shape = "DDDD-WDD"
        case .month: shape = "DDDD-DD"
        case .quarter: shape = "DDDD-QD"
        case .year: shape = "DDDD"
        case .none: throw .unexpected(text)
        }
        guard let numbers = Period.numbers(in: text, shape: shape) else { throw malformed(nil) }
        let year = numbers[0]
        guard year >= 1 else { throw malformed("year 0000 does not exist") }
        switch type {
        case .day:
            guard (1...12).contains(numbers[1]) else { throw malformed("there is no month \(numbers[1])") }
            guard let day = CalendarDay(year: year, month: numbers[1], day: numbers[2]) else {
                let length = CalendarDay.daysInMonth(year: year, month: numbers[1])
                throw malformed("\(text.prefix(7)) has \(length) days")
            }
            start = day
        case .week:
            let weeks = Period.isoWeeks(in: year)
            guard (1...weeks).contains(numbers[1]) else { throw malformed("\(year) has ISO weeks 01 to \(weeks)") }
            start = Period.firstMonday(ofISOYear: year).adding(days: 7 * (numbers[1] - 1))
        case .month:
            guard let day = CalendarDay(year: year, month: numbers[1], day: 1) else {
                throw malformed("there is no month \(numbers[1])")
            }
            start = day
        case .quarter:
            guard (1...4).contains(numbers[1]) else { throw malformed("quarters are Q1 to Q4") }
            start = CalendarDay(validYear: year, month: 3 * numbers[1] - 2, day: 1)
        case .year, .none:
            start = CalendarDay(validYear: year, month: 1, day: 1)
        }
        self.type = type
    }

    /// The period of `type` that holds `day`, e.g. the ISO week or the quarter it falls in.
    ///
    /// - Throws: ``PeriodError/unexpected(_:)`` if `type` is ``PeriodType/none``.
    public init(containing day: CalendarDay, as type: PeriodType) throws(PeriodError) {
        switch type {
        case .day: start = day
        case .week: start = day.adding(days: 1 - day.weekday)
        case .month: start = CalendarDay(validYear: day.year, month: day.month, day: 1)
        case .quarter: start = CalendarDay(validYear: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)
        case .year: start = CalendarDay(validYear: day.year, month: 1, day: 1)
        case .none: throw .unexpected(day.description)
        }
        self.type = type
    }

    /// The last day of the period (inclusive).
    public var end: CalendarDay {
        switch type {
        case .day, .none:
            return start
        case .week:
            return start.adding(days: 6)
        case .month:
            return CalendarDay(
                validYear: start.year, month: start.month,
                day: CalendarDay.daysInMonth(year: start.year, month: start.month))
        case .quarter:
            let month = start.month + 2
            return CalendarDay(
                validYear: start.year, month: month, day: CalendarDay.daysInMonth(year: start.year, month: month))
        case .year:
            return CalendarDay(validYear: start.year, month: 12, day: 31)
        }
    }

    /// Whether `day` falls inside the period.
    public func contains(_ day: CalendarDay) -> Bool {
        start <= day && day <= end
    }

    /// The written form, e.g. `2026-W48`; parsing it with ``type`` gives this period back.
    public var description: String {
        let year = CalendarDay.padded(start.year, 4)
        switch type {
        case .day, .none:
            return start.description
        case .week:
            let isoYear = start.adding(days: 3).year
            let week = (start.daysSinceEpoch - Period.firstMonday(ofISOYear: isoYear).daysSinceEpoch) / 7 + 1
            return "\(CalendarDay.padded(isoYear, 4))-W\(CalendarDay.padded(week, 2))"
        case .month:
            return "\(year)-\(CalendarDay.padded(start.month, 2))"
        case .quarter:
            return "\(year)-Q\((start.month - 1) / 3 + 1)"
        case .year:
            return year
        }
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.start, lhs.type.rank) < (rhs.start, rhs.type.rank)
    }

    /// The digit groups of `text` if it matches `shape`, where `D` stands for one ASCII digit and
    /// every other character for itself.
    static func numbers(in text: String, shape: String) -> [Int]? {
        guard text.utf8.count == shape.utf8.count else { return nil }
        var numbers: [Int] = []
        var current: Int?
        for (byte, expected) in zip(text.utf8, shape.utf8) {
            if expected == UInt8(ascii: "D") {
                guard let digit = CalendarDay.decimal(CollectionOfOne(byte)) else { return nil }
                current = (current ?? 0) * 10 + digit
            } else {
                guard byte == expected else { return nil }
                if let value = current { numbers.append(value) }
                current = nil
            }
        }
        if let value = current { numbers.append(value) }
        return numbers
    }

    /// The Monday starting ISO week 1 of `year`: the week holding January 4th.
    static func firstMonday(ofISOYear year: Int) -> CalendarDay {
        let january4 = CalendarDay(validYear: year, month: 1, day: 4)
        return january4.adding(days: 1 - january4.weekday)
    }

    /// 53 if `year` has an ISO week 53 (it starts on a Thursday, or is a leap year starting on a
    /// Wednesday), otherwise 52.
    static func isoWeeks(in year: Int) -> Int {
        let january1 = CalendarDay(validYear: year, month: 1, day: 1)
        let weekday = january1.weekday
        return weekday == 4 || (weekday == 3 && CalendarDay.isLeapYear(year)) ? 53 : 52
    }
}
