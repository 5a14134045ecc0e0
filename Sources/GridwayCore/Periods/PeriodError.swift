/// Why a period string was refused for a contract's ``PeriodType``.
public enum PeriodError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The contract has a period type but no period was given.
    case missing(PeriodType)
    /// The contract has no period (``PeriodType/none``) but one was given.
    case unexpected(String)
    /// The text is not a period of the type; `detail` says more when the shape was right but a
    /// value was not (e.g. week 53 of a 52-week year).
    case malformed(String, PeriodType, detail: String?)

    /// A one-line explanation, e.g. `period "2026-13" is not a month (expected YYYY-MM)`.
    public var description: String {
        switch self {
        case .missing(let type):
            return "a \(type.rawValue) period is required (expected \(type.pattern))"
        case .unexpected(let text):
            return "period \"\(text)\" given, but the contract has no reporting period"
        case .malformed(let text, let type, let detail):
            let suffix = detail.map { "; \($0)" } ?? ""
            return "period \"\(text)\" is not a \(type.rawValue) (expected \(type.pattern)\(suffix))"
        }
    }
}
