import Foundation
import GridwayCore

/// Reporting periods as the portal offers them: the current one, and the recent ones for charts over time.
enum PortalPeriods {
    /// The `count` periods of `type` up to and including the one holding `now` (China Standard Time), oldest first;
    /// empty for contracts without periods.
    static func recent(_ type: PeriodType, count: Int, now: Date = Date()) -> [String] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let unit: Calendar.Component
        switch type {
        case .day: unit = .day
        case .week: unit = .weekOfYear
        case .month: unit = .month
        case .quarter: unit = .quarter
        case .year: unit = .year
        case .none: return []
        }
        return (0..<count).reversed().compactMap { back -> String? in
            let step = type == .quarter ? -3 * back : -back
            guard let date = calendar.date(byAdding: type == .quarter ? .month : unit, value: step, to: now) else {
                return nil
            }
            let parts = calendar.dateComponents([.year, .month, .day, .weekOfYear, .yearForWeekOfYear], from: date)
            let year = parts.year ?? 0
            let month = parts.month ?? 1
            switch type {
            case .day: return String(format: "%04d-%02d-%02d", year, month, parts.day ?? 1)
            case .week: return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? year, parts.weekOfYear ?? 1)
            case .month: return String(format: "%04d-%02d", year, month)
            case .quarter: return String(format: "%04d-Q%d", year, (month - 1) / 3 + 1)
            case .year: return String(format: "%04d", year)
            case .none: return nil
            }
        }
    }

    /// The period holding `now`, or `nil` for contracts without periods.
    static func current(_ type: PeriodType, now: Date = Date()) -> String? {
        recent(type, count: 1, now: now).first
    }

    /// A period as people write it in Chinese: `2026年12月`, `2026年第4季度`, `2026年第49周`, `2026年12月6日`,
    /// `2026年`; ``PeriodInput`` reads each back.
    static func label(_ period: Period) -> String {
        let start = period.start
        switch period.type {
        case .day, .none: return "\(start.year)年\(start.month)月\(start.day)日"
        case .week:
            let written = period.description
            return "\(written.prefix(4))年第\(Int(written.suffix(2)) ?? 0)周"
        case .month: return "\(start.year)年\(start.month)月"
        case .quarter: return "\(start.year)年第\((start.month - 1) / 3 + 1)季度"
        case .year: return "\(start.year)年"
        }
    }
}
