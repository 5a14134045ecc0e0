import GridwayCore

/// The picker beside the period input of a report form: the browser's month, week or date picker, or
/// a list of recent quarters or years labelled as people say them (`2026年第4季度`). Choosing copies the
/// period into the text input, where it may also be typed in any form ``PeriodInput`` reads.
struct PeriodPicker {
    let type: PeriodType
    /// The period shown in the text input.
    let value: String
    /// The picker's accessible name.
    let label: String

    /// How many recent quarters or years the list offers.
    static let choices = 8

    /// The picker for the text input with id `target`; nothing for contracts without periods.
    func render(for target: String) -> HTML {
        let common: HTML =
            "id=\"\(target)-picker\" class=\"period-picker\" aria-label=\"\(label)\" data-period-for=\"\(target)\""
        switch type {
        case .day: return "<input type=\"date\" \(common) value=\"\(value)\">"
        case .week: return "<input type=\"week\" \(common) value=\"\(value)\">"
        case .month: return "<input type=\"month\" \(common) value=\"\(value)\">"
        case .quarter, .year:
            let options = PortalPeriods.recent(type, count: Self.choices).reversed().html { written in
                let label = (try? Period(parsing: written, as: type)).map(PortalPeriods.label) ?? written
                return
                    "<option value=\"\(written)\"\(written == value ? HTML(raw: " selected") : .empty)>\(label)</option>"
            }
            return "<select \(common)>\(options)</select>"
        case .none: return .empty
        }
    }
}
