/// What one report of a contract is about, from `x-gridway-subject`.
///
/// - `"unit"`: the reporting org unit itself (a monthly statistics form); kind ``SubjectKind/orgUnit``.
/// - `"event"`: each report is its own one-off event (an incident); nothing identifies a subject
///   across reports, so nothing is prefilled.
/// - a list of element ids, e.g. `["person.idNumber"]`: the subject is the person, household or
///   place whose values of those elements the report carries.
public struct ReportSubject: Sendable, Hashable {
    /// The kind of subject; the kind of the key's elements when keyed.
    public let kind: SubjectKind
    /// The fields whose values identify the subject, in declared order; empty for `"unit"` and
    /// `"event"`.
    public let key: [SubjectKeyField]

    /// Creates a subject.
    public init(kind: SubjectKind, key: [SubjectKeyField]) {
        self.kind = kind
        self.key = key
    }

    /// Whether reports are about the reporting unit itself.
    public var isUnit: Bool {
        kind == .orgUnit && key.isEmpty
    }
}
