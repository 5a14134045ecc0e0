import Foundation

extension Contract {
    /// When the reports for `period` are due upstream: the start of the day, China Standard Time
    /// (UTC+8), that ``deadline`` falls on after the day following the period's end. With `P5D`, the
    /// reports of 2026-11 are due by the end of 5 December. `nil` without a deadline or a period.
    public func deliveryDeadline(of period: String?) -> Date? {
        guard let deadline, let period, let parsed = try? Period(parsing: period, as: periodType),
            let day = deadline.added(to: parsed.end.adding(days: 1))
        else { return nil }
        return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 - 8 * 3_600)
    }
}
