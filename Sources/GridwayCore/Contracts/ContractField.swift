import GridwayJSON

/// One property of a contract, with its Gridway metadata.
///
/// Top-level fields always have a title, description and type; nested fields (properties of an
/// object field, or of the objects in an array field) inherit ``sharing`` and ``pii`` from their
/// parent unless they declare their own.
public struct ContractField: Sendable, Hashable {
    /// The property name, e.g. `visitDate`.
    public let name: String
    /// The Chinese label, e.g. `走访日期`; the ``name`` for a nested field without a title.
    public let title: String
    /// How to fill the field; empty for a nested field without a description.
    public let description: String
    /// Who may receive the field (declared or inherited).
    public let sharing: SharingLevel
    /// The personal information the field holds (declared or inherited).
    public let pii: PIIClass
    /// The declared JSON type; `nil` only for a nested field that declares none.
    public let type: ContractFieldType?
    /// Whether the enclosing object lists the field in `required`.
    public let isRequired: Bool
    /// The values the field may take when it is enumerated (`enum`, `const`, or `false`/`true`
    /// for a boolean), otherwise `nil`.
    public let allowedValues: [JSONValue]?
    /// Chinese labels for enum values, from `x-gridway-enum-titles`, keyed by each value's
    /// ``JSONValue/enumTitleKey`` (`"home"`, `"1"`, `"true"`); empty when not given.
    public let enumTitles: [String: String]
    /// The nested fields: an object field's properties, or those of an array field's object items.
    public let fields: [ContractField]
    /// The id of the data element the field holds, from `x-gridway-element` (e.g. `person.phone`),
    /// or `nil` when it references none.
    public let element: String?
    /// Whether the field is a **subject fact**: its element describes the contract's subject
    /// (the elder's name, ID number, phone…), so a value given for the same subject before may
    /// prefill it. Every other field is an **event fact** (this visit's date, duration, findings,
    /// notes) and is never prefilled.
    public let isSubjectFact: Bool
    /// Whether the field's date (or the date of its date-time) must fall inside the submission's
    /// period, from `x-gridway-within-period`.
    public let isWithinPeriod: Bool

    /// Creates a field.
    public init(
        name: String, title: String, description: String, sharing: SharingLevel, pii: PIIClass,
        type: ContractFieldType?, isRequired: Bool, allowedValues: [JSONValue]?, enumTitles: [String: String],
        fields: [ContractField], element: String? = nil, isSubjectFact: Bool = false, isWithinPeriod: Bool = false
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.sharing = sharing
        self.pii = pii
        self.type = type
        self.isRequired = isRequired
        self.allowedValues = allowedValues
        self.enumTitles = enumTitles
        self.fields = fields
        self.element = element
        self.isSubjectFact = isSubjectFact
        self.isWithinPeriod = isWithinPeriod
    }

    /// Whether a dimension can use the field: it has a closed set of ``allowedValues``.
    public var isEnumerated: Bool {
        allowedValues != nil
    }
}
