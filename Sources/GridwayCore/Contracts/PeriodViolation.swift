import GridwayJSON

/// A date field declaring `x-gridway-within-period` whose value falls outside the submission's
/// period, e.g. a December report's `visitDate` of `2026-11-28`.
public struct PeriodViolation: Sendable, Hashable, CustomStringConvertible {
    /// The field, e.g. `/visitDate`.
    public let field: JSONPointer
    /// The submission's period.
    public let period: Period
    /// The field's value as submitted.
    public let value: String

    /// Creates a violation.
    public init(field: JSONPointer, period: Period, value: String) {
        self.field = field
        self.period = period
        self.value = value
    }

    /// `/visitDate is 2026-11-28, outside the period 2026-12 (2026-12-01 to 2026-12-31)`.
    public var description: String {
        "\(field) is \(value), outside the period \(period) (\(period.start) to \(period.end))"
    }

    /// The JSON Schema formats a within-period field may have.
    static let dateFormats: Set<String> = ["date", "date-time"]

    /// The calendar day of a `date` (`2026-11-28`) or `date-time` (`2026-11-28T23:30:00+08:00`: the
    /// date as written, in the reporter's own offset), or `nil` if `text` starts with no such day.
    static func day(of text: String) -> CalendarDay? {
        CalendarDay(parsing: String(text.prefix(10)))
    }
}
