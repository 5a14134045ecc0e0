import Foundation

/// An ISO 8601 duration of whole calendar units — years, months, weeks and days, such as `P3Y`,
/// `P18M`, `P2W` or `P1Y6M` — as `x-gridway-retention` and the `defaultRetention` setting give it.
///
/// Time parts (`PT12H`) are not accepted: retention is counted in calendar days.
public struct CalendarDuration: Sendable, Hashable, CustomStringConvertible {
    /// Whole years.
    public let years: Int
    /// Whole months.
    public let months: Int
    /// Whole days (weeks already counted as seven days each).
    public let days: Int
    /// The text it was parsed from, e.g. `P3Y`.
    public let description: String

    /// Parses `P` followed by one or more of `nY`, `nM`, `nW`, `nD` in that order, or returns `nil`.
    public init?(parsing text: String) {
        guard text.hasPrefix("P"), text.count > 1 else { return nil }
        var years = 0
        var months = 0
        var days = 0
        var digits = ""
        var remainingDesignators: [Character] = ["Y", "M", "W", "D"]
        for character in text.dropFirst() {
            if character.isASCII && character.isNumber {
                digits.append(character)
                continue
            }
            guard let position = remainingDesignators.firstIndex(of: character), digits.count <= 6,
                let amount = Int(digits)
            else { return nil }
            switch character {
            case "Y": years = amount
            case "M": months = amount
            case "W": days += 7 * amount
            default: days += amount
            }
            remainingDesignators.removeFirst(position + 1)
            digits = ""
        }
        guard digits.isEmpty, years + months + days > 0 else { return nil }
        self.years = years
        self.months = months
        self.days = days
        description = text
    }

    /// `day` moved forward by this duration: years and months first (a day past the end of the
    /// month lands on its last day, so 2024-02-29 plus `P1Y` is 2025-02-28), then days; `nil` when
    /// that leaves the years 1 to 9999.
    public func added(to day: CalendarDay) -> CalendarDay? {
        shifted(day, by: 1)
    }

    /// `day` moved back by this duration, the same way as ``added(to:)``.
    public func subtracted(from day: CalendarDay) -> CalendarDay? {
        shifted(day, by: -1)
    }

    private func shifted(_ day: CalendarDay, by sign: Int) -> CalendarDay? {
        let monthIndex = day.year * 12 + (day.month - 1) + sign * (years * 12 + months)
        let year = monthIndex / 12
        let month = monthIndex % 12 + 1
        guard (1...9999).contains(year) else { return nil }
        let clamped = min(day.day, CalendarDay.daysInMonth(year: year, month: month))
        let result = CalendarDay(validYear: year, month: month, day: clamped).adding(days: sign * days)
        return (1...9999).contains(result.year) ? result : nil
    }
}
