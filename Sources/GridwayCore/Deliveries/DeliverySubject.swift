/// What a delivery carries: a submission up to a department system, or a result down into one
/// addressed unit's legacy app.
public enum DeliverySubject: Sendable, Hashable, CustomStringConvertible {
    /// The submission with this id, delivered by the target's `deliver` capability.
    case submission(String)
    /// The result with this id for one addressed unit, delivered by the target's `notify` capability.
    case result(String, unit: String)

    /// The submission's id, for a submission delivery.
    public var submissionID: String? {
        if case .submission(let id) = self { id } else { nil }
    }

    /// The result's id, for a result delivery.
    public var resultID: String? {
        if case .result(let id, _) = self { id } else { nil }
    }

    /// The addressed unit, for a result delivery.
    public var unit: String? {
        if case .result(_, let unit) = self { unit } else { nil }
    }

    /// "submission <id>" or "result <id> for <unit>", for logs and operators.
    public var description: String {
        switch self {
        case .submission(let id): "submission \(id)"
        case .result(let id, let unit): "result \(id) for \(unit)"
        }
    }
}
