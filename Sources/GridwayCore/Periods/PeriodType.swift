/// How often a contract is reported: the kind of ``Period`` its submissions belong to.
public enum PeriodType: String, Sendable, Hashable, Codable, CaseIterable {
    /// One calendar day, `2026-11-28`.
    case day
    /// One ISO 8601 week, Monday to Sunday, `2026-W48`.
    case week
    /// One calendar month, `2026-11`.
    case month
    /// One calendar quarter, `2026-Q4`.
    case quarter
    /// One calendar year, `2026`.
    case year
    /// No period: submissions are not tied to a reporting period.
    case none

    /// The written form of this type's periods, e.g. `YYYY-MM`; empty for ``none``.
    public var pattern: String {
        switch self {
        case .day: return "YYYY-MM-DD"
        case .week: return "YYYY-Www"
        case .month: return "YYYY-MM"
        case .quarter: return "YYYY-Qn"
        case .year: return "YYYY"
        case .none: return ""
        }
    }

    /// Validates a submission's period for this type.
    ///
    /// For ``none`` only `nil` or the empty string is accepted, and the result is `nil`; every other
    /// type requires a period in its ``pattern``.
    /// - Throws: ``PeriodError`` saying what was expected.
    public func period(for text: String?) throws(PeriodError) -> Period? {
        let text = text ?? ""
        if self == .none {
            guard text.isEmpty else { throw .unexpected(text) }
            return nil
        }
        guard !text.isEmpty else { throw .missing(self) }
        return try Period(parsing: text, as: self)
    }

    /// The position in the ordering day < week < month < quarter < year < none.
    var rank: Int {
        switch self {
        case .day: return 0
        case .week: return 1
        case .month: return 2
        case .quarter: return 3
        case .year: return 4
        case .none: return 5
        }
    }
}
