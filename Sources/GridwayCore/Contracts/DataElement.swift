/// One entry of the data-element dictionary (数据元): a fact with one meaning, shared by every
/// contract field that references it with `x-gridway-element`.
public struct DataElement: Sendable, Hashable {
    /// The dotted id, e.g. `person.idNumber`.
    public let id: String
    /// The Chinese name, e.g. `居民身份证号码`.
    public let title: String
    /// The JSON type every field referencing the element must declare.
    public let type: ContractFieldType
    /// The JSON Schema `format` every referencing field must declare (e.g. `date`), or `nil` for none.
    public let format: String?
    /// The personal information the element holds.
    public let pii: PIIClass
    /// The sharing level a field of this element usually has (a contract may choose another).
    public let sharing: SharingLevel
    /// What the element describes: a person, household, place, org unit, or one event.
    public let subjectKind: SubjectKind

    /// Creates an element.
    public init(
        id: String, title: String, type: ContractFieldType, format: String?, pii: PIIClass, sharing: SharingLevel,
        subjectKind: SubjectKind
    ) {
        self.id = id
        self.title = title
        self.type = type
        self.format = format
        self.pii = pii
        self.sharing = sharing
        self.subjectKind = subjectKind
    }

    /// Whether `id` is a valid element id: two or more lowerCamelCase ASCII names joined by dots
    /// (`person.idNumber`, `place.operator.phone`).
    public static func isValidID(_ id: String) -> Bool {
        let names = id.split(separator: ".", omittingEmptySubsequences: false)
        return names.count >= 2 && names.allSatisfy { ContractReader.isLowerCamelCase(String($0)) }
    }
}
